import CSystemd
import Testing

/// Proves the package really links libsystemd: these call its functions and check what
/// they compute, not only that they exist. (sd_notify itself is exercised, against a
/// socket the test binds, by the RungSystemd tests.)
@Suite("libsystemd link")
struct LibsystemdLinkTests {
    @Test("sd_id128 parses a UUID and prints it back in its own form")
    func id128RoundTrip() throws {
        var id = sd_id128_t()
        #expect(sd_id128_from_string("6a1f9a2c-0b8e-4c3d-9e7f-112233445566", &id) == 0)
        var text = [CChar](repeating: 0, count: 33)
        sd_id128_to_string(id, &text)
        #expect(String(cString: text) == "6a1f9a2c0b8e4c3d9e7f112233445566")
        #expect(sd_id128_from_string("not-an-id", &id) < 0)
    }

    @Test("sd_bus_error carries a name it can be asked about, through the shim's NULL error")
    func busErrorNames() {
        var error = rung_sd_bus_error_null()
        defer { sd_bus_error_free(&error) }
        #expect(sd_bus_error_has_name(&error, "org.freedesktop.DBus.Error.Failed") == 0)
        #expect(sd_bus_error_set_const(&error, "org.freedesktop.DBus.Error.Failed", "it failed") < 0)
        #expect(sd_bus_error_has_name(&error, "org.freedesktop.DBus.Error.Failed") == 1)
    }
}
