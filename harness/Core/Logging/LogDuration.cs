using Harness.Waiting;

namespace Harness.Logging;

/// <summary>A duration as a log field: keeps the <see cref="TimeSpan"/> for structured sinks and renders as "3.4s".</summary>
internal readonly record struct LogDuration(TimeSpan Value)
{
    public override string ToString() => Value.ToShortText();

    public static implicit operator LogDuration(TimeSpan value) => new(value);
}
