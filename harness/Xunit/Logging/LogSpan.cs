using Harness.Waiting;

namespace Harness.Xunit.Logging;

/// <summary>A duration as a log field: keeps the <see cref="TimeSpan"/> for structured sinks and renders as "3.4s".</summary>
internal readonly record struct LogSpan(TimeSpan Value)
{
    public override string ToString() => Value.ToShortText();

    public static implicit operator LogSpan(TimeSpan value) => new(value);
}
