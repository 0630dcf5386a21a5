namespace Harness.Updates;

/// <summary>The public keys update_engine verifies payload signatures with (<c>/usr/share/update_engine/update-payload-key.pub.pem</c>).</summary>
public static class UpdatePayloadKeys
{
    /// <summary>Where update_engine (and flatcar-postinst's <c>download_sysext -p</c>) read the key.</summary>
    public const string KeyPath = "/usr/share/update_engine/update-payload-key.pub.pem";

    /// <summary>Where the harness writes the key it bind-mounts over <see cref="KeyPath"/> (kola: <c>/etc/coreos/update-payload-key.pub.pem</c>).</summary>
    public const string OverridePath = "/etc/flatcar/update-payload-key.pub.pem";

    /// <summary>
    /// The developer key that signs Flatcar's test payloads (<c>flatcar_test_update.gz</c>): flatcar/scripts
    /// <c>coreos-base/coreos-au-key/files/developer-v1.pub.pem</c> (stable-4459.2.4), the key mantle's
    /// <c>configureMachineForUpdate</c> bind-mounts.
    /// </summary>
    public const string Developer = """
        -----BEGIN PUBLIC KEY-----
        MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAzFS5uVJ+pgibcFLD3kbY
        k02Edj0HXq31ZT/Bva1sLp3Ysv+QTv/ezjf0gGFfASdgpz6G+zTipS9AIrQr0yFR
        +tdp1ZsHLGxVwvUoXFftdapqlyj8uQcWjjbN7qJsZu0Ett/qo93hQ5nHW7Sv5dRm
        /ZsDFqk2Uvyaoef4bF9r03wYpZq7K3oALZ2smETv+A5600mj1Xg5M52QFU67UHls
        EFkZphrGjiqiCdp9AAbAvE7a5rFcJf86YR73QX08K8BX7OMzkn3DsqdnWvLB3l3W
        6kvIuP+75SrMNeYAcU8PI1+bzLcAG3VN3jA78zeKALgynUNH50mxuiiU3DO4DZ+p
        5QIDAQAB
        -----END PUBLIC KEY-----

        """;
}
