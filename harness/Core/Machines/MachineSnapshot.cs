namespace Harness.Machines;

/// <summary>
/// A machine saved by its platform (<see cref="IMachineBackend.SaveSnapshotAsync"/>): memory and device state plus its
/// disks and firmware variables, frozen read-only in <paramref name="Directory"/>. New machines restored from it
/// (<see cref="IPlatform.RestoreMachineAsync"/>) resume where it stopped, each on its own copy-on-write disk.
/// </summary>
/// <param name="Platform">The platform that saved it (<see cref="IPlatform.Name"/>); only that platform restores it.</param>
/// <param name="Directory">Where its files are (the platform's; deleted when the platform is disposed).</param>
/// <param name="Fingerprint">
/// The platform's identity of everything the state depends on (image, firmware, emulator, accelerator) when it was
/// saved; restoring refuses a snapshot whose fingerprint no longer matches (<see cref="StaleSnapshotException"/>).
/// </param>
/// <param name="Options">The saved machine's size; restored machines get the same.</param>
/// <param name="SizeBytes">Bytes on disk (state, disks, variables).</param>
public sealed record MachineSnapshot(string Platform, string Directory, string Fingerprint, MachineOptions Options, long SizeBytes);
