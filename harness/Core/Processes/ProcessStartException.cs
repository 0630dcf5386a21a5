using Harness.Failures;

namespace Harness.Processes;

/// <summary>A process could not be started (executable missing or not executable): an infrastructure problem.</summary>
public class ProcessStartException : InfrastructureException
{
    public ProcessStartException(string message) : base(message) { }
    public ProcessStartException(string message, Exception inner) : base(message, inner) { }
    public ProcessStartException() { }
}
