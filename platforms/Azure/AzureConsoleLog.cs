using System.Text;
using Harness.Machines;

namespace Harness.Platforms.Azure;

/// <summary>
/// The serial console of an Azure VM: Azure keeps it in boot diagnostics, so it is fetched, not streamed — into
/// <c>console.txt</c> when the machine's artifacts are collected or it is destroyed (also after a failed creation).
/// Until then the file is empty.
/// </summary>
internal sealed class AzureConsoleLog(string filePath) : IConsoleLog
{
    public string FilePath { get; } = filePath;

    public string ReadAll()
    {
        try
        {
            return File.Exists(FilePath) ? Encoding.UTF8.GetString(File.ReadAllBytes(FilePath)) : "";
        }
        catch (IOException)
        {
            return "";
        }
    }
}
