using Harness.Processes;

namespace Harness.Tests.Processes;

/// <summary>An <see cref="IProcessRunner"/> that answers from a script and records every call.</summary>
public sealed class FakeProcessRunner : IProcessRunner
{
    private readonly List<(Func<ProcessSpec, bool> Matches, Func<ProcessSpec, ProcessResult> Answer, bool Once)> _rules = [];
    private readonly Lock _gate = new();

    /// <summary>Every spec run so far, in order.</summary>
    public List<ProcessSpec> Calls { get; } = [];

    /// <summary>The answer when no rule matches. Default: exit 0, no output.</summary>
    public Func<ProcessSpec, ProcessResult> Fallback { get; set; } = _ => Ok();

    /// <summary>Answers calls matching <paramref name="matches"/> with <paramref name="answer"/> (every time).</summary>
    public FakeProcessRunner On(Func<ProcessSpec, bool> matches, Func<ProcessSpec, ProcessResult> answer)
    {
        lock (_gate)
        {
            _rules.Add((matches, answer, false));
        }

        return this;
    }

    /// <summary>Answers the next call matching <paramref name="matches"/> with <paramref name="result"/>, once; queued rules go first, in order.</summary>
    public FakeProcessRunner Once(Func<ProcessSpec, bool> matches, ProcessResult result)
    {
        lock (_gate)
        {
            var firstPermanent = _rules.FindIndex(r => !r.Once);
            _rules.Insert(firstPermanent < 0 ? _rules.Count : firstPermanent, (matches, _ => result, true));
        }

        return this;
    }

    /// <summary>A successful result.</summary>
    public static ProcessResult Ok(string stdout = "") => new(0, stdout, "", TimeSpan.FromMilliseconds(10));

    /// <summary>A failed result.</summary>
    public static ProcessResult Exit(int code, string stderr = "", string stdout = "") => new(code, stdout, stderr, TimeSpan.FromMilliseconds(10));

    /// <inheritdoc />
    public Task<ProcessResult> RunAsync(ProcessSpec spec, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Func<ProcessSpec, ProcessResult> answer;
        lock (_gate)
        {
            Calls.Add(spec);
            var index = _rules.FindIndex(r => r.Matches(spec));
            if (index < 0)
            {
                answer = Fallback;
            }
            else
            {
                answer = _rules[index].Answer;
                if (_rules[index].Once)
                {
                    _rules.RemoveAt(index);
                }
            }
        }

        return Task.FromResult(answer(spec));
    }
}
