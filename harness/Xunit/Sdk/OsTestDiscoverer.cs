using Harness.Catalog;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Harness.Xunit.Sdk;

/// <summary>
/// Turns an <see cref="OsTestAttribute"/> method into one <see cref="OsTestCase"/>. A method that cannot be an OS test
/// (parameters, an invalid name) becomes a failing test case saying why, instead of vanishing.
/// </summary>
public sealed class OsTestDiscoverer : IXunitTestCaseDiscoverer
{
    private readonly IMessageSink _diagnosticMessageSink;

    /// <summary>Created by xunit.</summary>
    public OsTestDiscoverer(IMessageSink diagnosticMessageSink)
    {
        _diagnosticMessageSink = diagnosticMessageSink;
    }

    /// <inheritdoc />
    public IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute)
    {
        ArgumentNullException.ThrowIfNull(discoveryOptions);
        ArgumentNullException.ThrowIfNull(testMethod);
        ArgumentNullException.ThrowIfNull(factAttribute);
        var display = discoveryOptions.MethodDisplayOrDefault();
        var displayOptions = discoveryOptions.MethodDisplayOptionsOrDefault();
        var name = factAttribute.GetConstructorArguments().FirstOrDefault() as string;
        var where = $"{testMethod.TestClass.Class.Name}.{testMethod.Method.Name}";

        string? problem = null;
        if (testMethod.Method.GetParameters().Any())
        {
            problem = $"[OsTest(\"{name}\")] {where} takes parameters; OS tests take none (use one [OsTest] per variant)";
        }
        else if (!TestMetadata.IsValidName(name))
        {
            problem = $"[OsTest(\"{name}\")] on {where}: not a valid test name; expected dotted segments of letters, digits, '_' and '-' (like cl.ignition.files)";
        }

        if (problem is not null)
        {
            return [new ExecutionErrorTestCase(_diagnosticMessageSink, display, displayOptions, testMethod, problem)];
        }

        return [new OsTestCase(_diagnosticMessageSink, display, displayOptions, testMethod)];
    }
}
