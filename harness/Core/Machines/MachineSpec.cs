using Harness.Ignition;

namespace Harness.Machines;

/// <summary>
/// Describes a machine before anything starts: name, Ignition config (typed, or raw text passed verbatim) and size.
/// Immutable; every <c>With…</c> returns a copy. Start it with <c>Session.StartAsync(spec)</c>.
/// </summary>
public sealed record MachineSpec
{
    /// <summary>The defaults: name <c>m1</c>, an empty typed Ignition config, <see cref="MachineOptions.Default"/>.</summary>
    public static MachineSpec Default { get; } = new();

    /// <summary>Short name within the test (<c>m1</c>); the session makes it unique in the run. Default <c>m1</c>.</summary>
    public string Name { get; init; } = "m1";

    /// <summary>
    /// The typed Ignition config. The harness adds the run's SSH client key for <c>core</c> and this machine's host key
    /// before boot. Ignored when <see cref="RawIgnition"/> is set. Default <see cref="IgnitionConfig.Empty"/>.
    /// </summary>
    public IgnitionConfig Ignition { get; init; } = IgnitionConfig.Empty;

    /// <summary>
    /// A config passed verbatim (may be deliberately invalid). Nothing is added to it, so such a machine has no SSH
    /// and is observed through its console only. Default none.
    /// </summary>
    public string? RawIgnition { get; init; }

    /// <summary>Memory, CPUs, extra disks. Default <see cref="MachineOptions.Default"/>.</summary>
    public MachineOptions Options { get; init; } = MachineOptions.Default;

    /// <summary>
    /// This machine's interface on the test's private network, or null (default) for none. The harness adds the
    /// guest's network configuration for it to the typed Ignition config; the platform must have
    /// <see cref="PlatformCapabilities.PrivateNetwork"/>.
    /// </summary>
    public PrivateNic? PrivateNic { get; init; }

    /// <summary>True when <see cref="RawIgnition"/> is set (no SSH).</summary>
    public bool HasRawIgnition => RawIgnition is not null;

    /// <summary>
    /// A spec whose Ignition config is translated from a Butane file (<c>variant: flatcar</c>). A relative
    /// <paramref name="path"/> is relative to the test's output folder (<see cref="AppContext.BaseDirectory"/>), where
    /// asset files next to the test are copied. Translation happens now, so errors surface before any VM starts.
    /// </summary>
    /// <exception cref="ButaneException">The Butane config is invalid.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static MachineSpec FromButaneFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var fullPath = Path.IsPathRooted(path) ? path : Path.Combine(AppContext.BaseDirectory, path);
        return Default with { Ignition = ButaneTranslator.TranslateFile(fullPath) };
    }

    /// <summary>A copy named <paramref name="name"/>.</summary>
    public MachineSpec WithName(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return this with { Name = name };
    }

    /// <summary>A copy whose typed Ignition config is <paramref name="change"/> applied to the current one (<c>i => i.WithFile(…)</c>).</summary>
    public MachineSpec WithIgnition(Func<IgnitionConfig, IgnitionConfig> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        return this with { Ignition = change(Ignition) };
    }

    /// <summary>A copy whose typed Ignition config is <paramref name="ignition"/>.</summary>
    public MachineSpec WithIgnition(IgnitionConfig ignition)
    {
        ArgumentNullException.ThrowIfNull(ignition);
        return this with { Ignition = ignition };
    }

    /// <summary>A copy that passes <paramref name="ignitionJson"/> verbatim (no SSH; console only).</summary>
    public MachineSpec WithRawIgnition(string ignitionJson)
    {
        ArgumentNullException.ThrowIfNull(ignitionJson);
        return this with { RawIgnition = ignitionJson };
    }

    /// <summary>A copy attached to a private network through <paramref name="nic"/> (see <see cref="PrivateNetwork"/>).</summary>
    public MachineSpec WithPrivateNic(PrivateNic nic)
    {
        ArgumentNullException.ThrowIfNull(nic);
        return this with { PrivateNic = nic };
    }

    /// <summary>A copy with <paramref name="options"/>.</summary>
    public MachineSpec WithOptions(MachineOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return this with { Options = options };
    }

    /// <summary>A copy whose options are <paramref name="change"/> applied to the current ones (<c>o => o with { MemoryMiB = 2048 }</c>).</summary>
    public MachineSpec WithOptions(Func<MachineOptions, MachineOptions> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        return this with { Options = change(Options) };
    }
}
