namespace WxContracts.MockServer.Pipeline;

/// <summary>
/// Stateful behaviour of one endpoint, keyed by its path. Endpoints without one answer their spec's response
/// example. A behaviour runs only for a request that passed method, credential, quota and table checks.
/// </summary>
internal interface IMockBehaviour
{
    string Path { get; }

    MockReply Handle(MockRequest request);
}
