using System.Reflection;
using Harness.Machines;
using Harness.Settings;
using Harness.Ssh;
using Harness.Tests.Scheduling;
using Harness.Xunit.Runs;
using Harness.Xunit.Sdk;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Harness.Tests.Xunit;

/// <summary>
/// Runs sample OS tests in-process, through the real discoverer, test case, runner and message bus, against a run
/// whose platform is <see cref="FakePlatform"/> and whose output goes to a temporary folder.
/// </summary>
internal sealed class InProcessRun : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("harness-xunit-").FullName;

    public InProcessRun(FakePlatform? platform = null, Func<HarnessSettings, HarnessSettings>? configure = null, Func<IPlatform>? createPlatform = null, int cores = 4)
    {
        Platform = platform ?? new FakePlatform();
        var settings = new HarnessSettings
        {
            ImagePath = "/images/amd64/current/disk.qcow2",
            ImageVersion = "1.0.0",
            OutputRoot = _root,
            TestTimeout = TimeSpan.FromSeconds(30),
        };
        Settings = configure?.Invoke(settings) ?? settings;
        var environment = new RunEnvironment(
            TimeProvider.System,
            (_, _) =>
            {
                PlatformsCreated++;
                return createPlatform?.Invoke() ?? Platform;
            },
            new FakeHost(64 * 1024, cores),
            (dir, _, _) => Task.FromResult(new SshKeyPair(Path.Combine(dir, "id_ed25519"), "ssh-ed25519 AAAAC3Nza test")));
        Run = HarnessRun.Create(Settings, environment, registerCleanup: false);
    }

    public FakePlatform Platform { get; }

    public HarnessSettings Settings { get; }

    public HarnessRun Run { get; }

    public int PlatformsCreated { get; private set; }

    public string RunFolder => Run.Folder.Path;

    /// <summary>The xunit test case the discoverer makes for <c>SampleOsTests.&lt;method&gt;</c>.</summary>
    public static IXunitTestCase Discover(string method, Type? type = null)
    {
        var testType = type ?? typeof(RunnableSampleOsTests);
        var testMethod = TestMethodFor(testType, testType.GetMethod(method)!);
        var attribute = testMethod.Method.GetCustomAttributes(typeof(FactAttribute)).Single();
        return Assert.Single(new OsTestDiscoverer(new SilentSink()).Discover(new DiscoveryOptions(), testMethod, attribute));
    }

    public static ITestMethod TestMethodFor(Type type, MethodInfo method)
    {
        var assembly = new TestAssembly(Reflector.Wrap(type.Assembly));
        var collection = new TestCollection(assembly, null, "samples");
        var testClass = new TestClass(collection, Reflector.Wrap(type));
        return new TestMethod(testClass, Reflector.Wrap(method));
    }

    /// <summary>Runs one sample test to the end and returns what xunit was told.</summary>
    public async Task<Ran> RunAsync(string method, Type? type = null)
    {
        HarnessRun.Override.Value = Run;
        var testCase = Discover(method, type);
        var bus = new CapturingBus();
        var summary = await testCase.RunAsync(new SilentSink(), bus, [], new ExceptionAggregator(), new CancellationTokenSource());
        return new Ran(summary, bus.Messages);
    }

    public void Dispose()
    {
        Run.Shutdown("test end");
        Directory.Delete(_root, recursive: true);
    }

    /// <summary>The summary and messages of one test case run.</summary>
    internal sealed record Ran(RunSummary Summary, IReadOnlyList<IMessageSinkMessage> Messages)
    {
        public ITestResultMessage Result => Assert.Single(Messages.OfType<ITestResultMessage>());

        public string FailureMessage => string.Join("\n", Assert.IsAssignableFrom<ITestFailed>(Result).Messages);

        public string SkipReason => Assert.IsAssignableFrom<ITestSkipped>(Result).Reason;
    }

    private sealed class CapturingBus : IMessageBus
    {
        private readonly List<IMessageSinkMessage> _messages = [];

        public IReadOnlyList<IMessageSinkMessage> Messages
        {
            get
            {
                lock (_messages)
                {
                    return [.. _messages];
                }
            }
        }

        public bool QueueMessage(IMessageSinkMessage message)
        {
            lock (_messages)
            {
                _messages.Add(message);
            }

            return true;
        }

        public void Dispose()
        {
        }
    }

    private sealed class SilentSink : LongLivedMarshalByRefObject, IMessageSink
    {
        public bool OnMessage(IMessageSinkMessage message) => true;
    }

    private sealed class DiscoveryOptions : ITestFrameworkDiscoveryOptions
    {
        public TValue GetValue<TValue>(string name) => default!;

        public void SetValue<TValue>(string name, TValue value)
        {
        }
    }
}
