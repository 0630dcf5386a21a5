namespace Harness.Omaha;

/// <summary>One request the server received and what it answered.</summary>
/// <param name="ReceivedAt">When it arrived.</param>
/// <param name="Request">The parsed request; null when it was rejected.</param>
/// <param name="Answer">What the server did: <c>update 1.0.1</c>, <c>noupdate (…)</c>, <c>events acknowledged</c>, <c>rejected: …</c>.</param>
public sealed record OmahaExchange(DateTimeOffset ReceivedAt, OmahaRequest? Request, string Answer)
{
    /// <inheritdoc />
    public override string ToString()
    {
        if (Request is not { } request)
        {
            return $"{ReceivedAt:HH:mm:ss} {Answer}";
        }

        var events = request.Events.Count == 0 ? "" : " " + string.Join(", ", request.Events);
        return $"{ReceivedAt:HH:mm:ss} version={request.Version} track={request.Track}" +
               (request.UpdateCheck ? " updatecheck" : "") + events + $" → {Answer}";
    }
}
