namespace Harness.Omaha;

/// <summary>The Omaha server was given something it cannot serve (a missing payload, a size or hash that does not match).</summary>
public sealed class OmahaConfigurationException(string message) : Exception(message);
