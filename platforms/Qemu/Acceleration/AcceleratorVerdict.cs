namespace Harness.Platforms.Qemu;

/// <summary>Which accelerator machines use, and why (one line for the platform description and the log).</summary>
internal sealed record AcceleratorVerdict(bool Kvm, string Reason)
{
    public string Name => Kvm ? "kvm" : "tcg";
}
