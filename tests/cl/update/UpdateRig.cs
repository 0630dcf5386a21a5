using Harness.Machines;
using Harness.Omaha;
using Harness.Updates;
using Harness.Xunit;

namespace Tests.Cl.Update;

/// <summary>
/// What every cl.update test starts from: the harness's Omaha server (with the run's payload, unless a test wants
/// none), one machine booted from the image, its version before any update, and its update engine pointed at the server.
/// </summary>
internal sealed class UpdateRig : IAsyncDisposable
{
    private UpdateRig(OmahaServer omaha, Machine vm, string oldVersion)
    {
        Omaha = omaha;
        Vm = vm;
        OldVersion = oldVersion;
    }

    /// <summary>The update server.</summary>
    public OmahaServer Omaha { get; }

    /// <summary>The machine under test, configured for updates from <see cref="Omaha"/>.</summary>
    public Machine Vm { get; }

    /// <summary>The payload the server offers (the run's), or null for a server without one.</summary>
    public OmahaPackage Payload => Omaha.Options.Package ?? throw new InvalidOperationException("this rig's server has no payload");

    /// <summary>VERSION_ID the machine booted with.</summary>
    public string OldVersion { get; }

    /// <summary>
    /// The check report of a machine that never updated (update_engine's GetAppBody): previousversion 0.0.0.0 while the
    /// previous-version pref does not exist, "" once any check (a scheduled one too, even with SERVER=disabled) reset it.
    /// </summary>
    public static IReadOnlyList<OmahaEvent> FreshCheckReports { get; } =
    [
        new(OmahaEvent.UpdateComplete, OmahaEvent.ResultSuccessReboot, null, "0.0.0.0"),
        new(OmahaEvent.UpdateComplete, OmahaEvent.ResultSuccessReboot, null, ""),
    ];

    /// <summary>
    /// Starts the rig with the run's payload (the test is skipped, saying why, when there is none); <paramref name="options"/>
    /// adds server options such as fault injection.
    /// </summary>
    public static async Task<UpdateRig> StartAsync(OmahaServerOptions? options = null)
    {
        var payload = await UpdatePayloads.RequireAsync();
        var extensions = await UpdatePayloads.ExtensionsAsync();
        return await StartCoreAsync((options ?? new OmahaServerOptions()) with { Package = payload, ExtraPackages = extensions });
    }

    /// <summary>Starts the rig with a server that has no payload: every check is answered noupdate.</summary>
    public static Task<UpdateRig> StartWithoutPayloadAsync() => StartCoreAsync(new OmahaServerOptions());

    public async ValueTask DisposeAsync()
    {
        await Vm.DisposeAsync();
        await Omaha.DisposeAsync();
    }

    private static async Task<UpdateRig> StartCoreAsync(OmahaServerOptions options)
    {
        var omaha = await OmahaServer.StartAsync(options, Session.Logger);
        try
        {
            var vm = await Session.StartAsync(MachineSpec.Default);
            var rig = new UpdateRig(omaha, vm, await vm.VersionIdAsync());
            await vm.ConfigureUpdatesAsync(omaha.UpdateUrl(await Session.HostAddressForGuestsAsync()));
            return rig;
        }
        catch
        {
            await omaha.DisposeAsync();
            throw;
        }
    }
}
