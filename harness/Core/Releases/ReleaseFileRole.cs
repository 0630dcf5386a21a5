namespace Harness.Releases;

/// <summary>What a release file is for (which setting it becomes).</summary>
public enum ReleaseFileRole
{
    /// <summary>The disk image (<c>HARNESS_IMAGE</c>).</summary>
    Image,

    /// <summary>UEFI firmware code (<c>HARNESS_FIRMWARE_CODE</c>).</summary>
    FirmwareCode,

    /// <summary>UEFI variable store template (<c>HARNESS_FIRMWARE_VARS</c>).</summary>
    FirmwareVars,

    /// <summary>A dev-key-signed update payload of this version (<c>flatcar_test_update.gz</c>).</summary>
    UpdatePayload,

    /// <summary>The OEM extension flatcar-postinst downloads with an update.</summary>
    OemExtension,
}
