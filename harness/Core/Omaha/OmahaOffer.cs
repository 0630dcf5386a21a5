namespace Harness.Omaha;

/// <summary>When the server offers its package to a client that asks for an update.</summary>
public enum OmahaOffer
{
    /// <summary>When the package's version is newer than the client's (what Nebraska does). The default.</summary>
    WhenNewer,

    /// <summary>To every matching client, whatever its version (kola's trivial server; used to update N+1 onto N+1 again).</summary>
    Always,

    /// <summary>Never: every check gets <c>noupdate</c>.</summary>
    Never,
}
