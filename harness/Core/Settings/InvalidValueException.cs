namespace Harness.Settings;

/// <summary>Thrown by a value parser: the message says what was expected.</summary>
internal sealed class InvalidValueException(string expectation) : Exception(expectation);
