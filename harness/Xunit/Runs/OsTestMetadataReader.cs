using System.Reflection;
using Harness.Catalog;
using Harness.ConsoleChecks;

namespace Harness.Xunit.Runs;

/// <summary>Reads <see cref="TestMetadata"/> from a test method's <see cref="OsTestAttribute"/> and <see cref="AllowConsoleAttribute"/>s.</summary>
internal static class OsTestMetadataReader
{
    /// <summary>The metadata of <paramref name="method"/>.</summary>
    /// <exception cref="InvalidOperationException">An attribute is invalid; the message names the test and the property.</exception>
    public static TestMetadata Read(MethodInfo method)
    {
        ArgumentNullException.ThrowIfNull(method);
        var attribute = method.GetCustomAttribute<OsTestAttribute>()
            ?? throw new InvalidOperationException($"{method.DeclaringType?.Name}.{method.Name} has no [OsTest] attribute");
        var name = attribute.Name;

        DottedVersion? minVersion = null;
        if (attribute.MinVersion is { } min && !DottedVersion.TryParse(min, out minVersion))
        {
            throw new InvalidOperationException($"[OsTest(\"{name}\", MinVersion = \"{min}\")]: not a dotted version (like 3530.0.0)");
        }

        if (attribute.TimeoutSeconds < 0)
        {
            throw new InvalidOperationException($"[OsTest(\"{name}\", TimeoutSeconds = {attribute.TimeoutSeconds})]: must be positive (or 0 for HARNESS_TEST_TIMEOUT)");
        }

        var allowances = method.GetCustomAttributes<AllowConsoleAttribute>()
            .Concat(method.DeclaringType?.GetCustomAttributes<AllowConsoleAttribute>(inherit: true) ?? [])
            .ToList();
        var known = ConsoleChecker.Checks.Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var allow in allowances)
        {
            if (!known.Contains(allow.Check))
            {
                throw new InvalidOperationException(
                    $"[AllowConsole(\"{allow.Check}\")] on {name}: unknown console check (known: {string.Join(", ", known.Order(StringComparer.Ordinal))})");
            }

            if (string.IsNullOrWhiteSpace(allow.Reason))
            {
                throw new InvalidOperationException($"[AllowConsole(\"{allow.Check}\")] on {name}: say why with Reason = \"…\"");
            }
        }

        return new TestMetadata(name)
        {
            Architectures = attribute.Architectures,
            Requires = attribute.Requires,
            MinVersion = minVersion,
            Timeout = attribute.TimeoutSeconds > 0 ? TimeSpan.FromSeconds(attribute.TimeoutSeconds) : null,
            FreshBoot = attribute.FreshBoot,
            ConsoleOptOuts = [.. allowances.DistinctBy(a => a.Check).Select(a => new ConsoleCheckOptOut(a.Check, a.Reason))],
        };
    }
}
