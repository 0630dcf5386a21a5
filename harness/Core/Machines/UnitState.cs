using Harness.Text;

namespace Harness.Machines;

/// <summary>
/// A systemd unit's state as <c>systemctl show -p LoadState,ActiveState,SubState,Result</c> reports it
/// (<see cref="Machine.UnitStateAsync"/>). A unit systemd does not know is <c>LoadState=not-found</c>, <c>ActiveState=inactive</c>.
/// </summary>
/// <param name="Unit">The unit's name (<c>docker.socket</c>).</param>
/// <param name="LoadState"><c>loaded</c>, <c>not-found</c>, <c>masked</c>, ….</param>
/// <param name="ActiveState"><c>active</c>, <c>inactive</c>, <c>activating</c>, <c>failed</c>, ….</param>
/// <param name="SubState">The type-specific state (<c>running</c>, <c>exited</c>, <c>dead</c>, …).</param>
/// <param name="Result"><c>success</c> or why the unit last failed.</param>
public sealed record UnitState(string Unit, string LoadState, string ActiveState, string SubState, string Result)
{
    /// <summary>The <c>systemctl show</c> properties read.</summary>
    public const string Properties = "LoadState,ActiveState,SubState,Result";

    /// <summary>True when <see cref="ActiveState"/> is <c>active</c>.</summary>
    public bool IsActive => ActiveState == "active";

    /// <summary>Reads <c>systemctl show -p <see cref="Properties"/></c> output; a property it lacks is empty.</summary>
    /// <exception cref="FormatException">A line is not <c>KEY=value</c>.</exception>
    public static UnitState Parse(string unit, string output, string what)
    {
        var properties = KeyValues.Parse(output, what);
        return new UnitState(
            unit,
            properties.Find("LoadState") ?? "",
            properties.Find("ActiveState") ?? "",
            properties.Find("SubState") ?? "",
            properties.Find("Result") ?? "");
    }

    /// <summary><c>ActiveState=active SubState=running Result=success LoadState=loaded</c>, for messages.</summary>
    public override string ToString() => $"ActiveState={ActiveState} SubState={SubState} Result={Result} LoadState={LoadState}";
}
