using Azure.Core;

namespace Harness.Platforms.Azure.Tests;

/// <summary>A token credential handing out a recognisable secret token, counting requests.</summary>
public sealed class FakeCredential : TokenCredential
{
    public const string Token = "eyJ0eXAi.FAKE-TOKEN-SECRET.sig";

    private int _requests;

    public int Requests => _requests;

    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _requests);
        return new AccessToken(Token, DateTimeOffset.UtcNow.AddHours(1));
    }

    public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        ValueTask.FromResult(GetToken(requestContext, cancellationToken));
}
