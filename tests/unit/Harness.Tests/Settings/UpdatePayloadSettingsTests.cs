using Harness.Settings;

namespace Harness.Tests.Settings;

public sealed class UpdatePayloadSettingsTests : IDisposable
{
    private readonly FakeRepo _repo = new();

    public void Dispose() => _repo.Dispose();

    [Fact]
    public void The_contract_images_next_payload_and_its_manifest_version_are_the_default()
    {
        var payload = _repo.File_("artifacts/images/amd64/next/update.payload", "payload");
        _repo.File_("artifacts/images/amd64/next/manifest.json", """{ "version": "1.2.4" }""");

        var settings = _repo.Load();

        Assert.Equal(payload, settings.UpdatePayload);
        Assert.Equal("1.2.4", settings.UpdateVersion);
    }

    [Fact]
    public void Without_a_built_next_version_there_is_no_payload()
    {
        var settings = _repo.Load();

        Assert.Null(settings.UpdatePayload);
        Assert.Null(settings.UpdateVersion);
    }

    [Fact]
    public void A_users_image_does_not_get_the_contract_payload()
    {
        _repo.File_("artifacts/images/amd64/next/update.payload", "payload");
        _repo.Env["HARNESS_IMAGE"] = _repo.File_("flatcar/flatcar_production_qemu_uefi_image.img");

        Assert.Null(_repo.Load().UpdatePayload);
    }

    [Fact]
    public void An_explicit_payload_needs_a_version_from_a_manifest_or_the_environment()
    {
        var payload = _repo.File_("flatcar/flatcar_test_update.gz", "payload");
        _repo.Env["HARNESS_UPDATE_PAYLOAD"] = payload;

        var error = _repo.LoadFails();
        Assert.Contains($"HARNESS_UPDATE_PAYLOAD={payload} has no manifest.json beside it to read its version from; set HARNESS_UPDATE_VERSION", error.Message, StringComparison.Ordinal);

        _repo.Env["HARNESS_UPDATE_VERSION"] = "4230.2.2";
        var settings = _repo.Load();
        Assert.Equal(payload, settings.UpdatePayload);
        Assert.Equal("4230.2.2", settings.UpdateVersion);
    }

    [Theory]
    [InlineData("HARNESS_UPDATE_PAYLOAD", "missing.gz", "HARNESS_UPDATE_PAYLOAD")]
    [InlineData("HARNESS_UPDATE_VERSION", "next", "HARNESS_UPDATE_VERSION='next': expected a dotted version like 4230.2.1")]
    public void Bad_values_are_refused_naming_the_variable(string variable, string value, string expected)
    {
        _repo.File_("artifacts/images/amd64/next/update.payload", "payload");
        _repo.Env[variable] = value;

        Assert.Contains(expected, _repo.LoadFails().Message, StringComparison.Ordinal);
    }
}
