namespace PaperNotes.Server.Auth.Devices;

/// <summary>
/// A signed-in device: one sign-in through the authorize endpoint and the refresh tokens that descend from it.
/// <c>current</c> is true for the device making the request.
/// </summary>
public sealed record Device(string Id, string Name, DateTimeOffset? SignedInAt, DateTimeOffset? LastActiveAt, bool Current);

/// <summary><c>GET /api/devices</c>: the caller's devices, most recently active first.</summary>
public sealed record DeviceList(IReadOnlyList<Device> Devices);
