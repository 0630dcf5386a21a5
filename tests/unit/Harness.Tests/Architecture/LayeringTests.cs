using System.Reflection;
using Harness.Failures;

namespace Harness.Tests.Architecture;

/// <summary>
/// The leaf namespaces of Core (failures, waiting, processes) know nothing of machines: machines build on them, not
/// the other way round. Checked on the compiled types (base types, interfaces, fields, properties, method signatures).
/// </summary>
public sealed class LayeringTests
{
    private static readonly string[] Leaves = ["Harness.Failures", "Harness.Waiting", "Harness.Processes"];

    private const BindingFlags All = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    private static IEnumerable<Type> Signature(Type type) =>
        new[] { type.BaseType }
            .Concat(type.GetInterfaces())
            .Concat(type.GetFields(All).Select(f => f.FieldType))
            .Concat(type.GetProperties(All).Select(p => p.PropertyType))
            .Concat(type.GetMethods(All).SelectMany(m => m.GetParameters().Select(p => p.ParameterType).Append(m.ReturnType)))
            .Concat(type.GetConstructors(All).SelectMany(c => c.GetParameters().Select(p => p.ParameterType)))
            .OfType<Type>()
            .SelectMany(Unwrap);

    private static IEnumerable<Type> Unwrap(Type type) =>
        type.HasElementType ? Unwrap(type.GetElementType()!)
        : type.IsGenericType ? type.GetGenericArguments().SelectMany(Unwrap).Append(type.GetGenericTypeDefinition())
        : [type];

    [Fact]
    public void Failures_waiting_and_processes_do_not_depend_on_machines()
    {
        var leafTypes = typeof(InfrastructureException).Assembly.GetTypes().Where(t => Leaves.Contains(t.Namespace)).ToList();
        Assert.Contains(leafTypes, t => t.Namespace == "Harness.Waiting");
        Assert.Contains(leafTypes, t => t.Namespace == "Harness.Processes");

        var uses = leafTypes
            .SelectMany(t => Signature(t).Where(u => u.Namespace == "Harness.Machines").Select(u => $"{t.FullName} → {u.FullName}"))
            .Distinct()
            .ToList();

        Assert.True(uses.Count == 0, "leaf namespaces use Harness.Machines:\n" + string.Join("\n", uses));
    }
}
