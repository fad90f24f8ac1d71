import Foundation
import RungTestSupport
import Testing

/// The interface description a real rungd serves, read with python's `varlink` package, the
/// reference implementation, whose IDL parser is independent of Rung's.
@Suite("rungd's interface description")
struct InterfaceDescriptionTests {
    @Test("the served description parses with python's varlink IDL parser: no duplicate member, no undefined type")
    func descriptionParses() async throws {
        let rungd = try RungdHarness()
        try rungd.writeConfig("")
        #expect(try await rungd.startUntilReady(), "stderr: \(rungd.stderr)")
        let script = """
            import sys, varlink
            from varlink import scanner
            with varlink.Client(address="unix:" + sys.argv[1]) as client:
                with client.open("org.varlink.service") as service:
                    description = service.GetInterfaceDescription(interface="io.rung.Control")["description"]
            interface = varlink.Interface(description)
            # Interface keeps one member per name; read them one by one to see duplicates.
            reader = scanner.Scanner(description)
            reader.expect("interface")
            reader.expect("interface-name")
            names = []
            while not reader.end():
                names.append(reader.read_member().name)
            types = {name for name, member in interface.members.items() if isinstance(member, scanner._Alias)}
            undefined = []
            def walk(kind, where):
                if isinstance(kind, scanner._CustomType):
                    if kind.name not in types:
                        undefined.append(where + ": " + kind.name)
                elif isinstance(kind, (scanner._Array, scanner._Maybe, scanner._Dict)):
                    walk(kind.element_type, where)
                elif isinstance(kind, scanner._Struct):
                    for field, field_kind in kind.fields.items():
                        walk(field_kind, where + "." + field)
            for name, member in interface.members.items():
                if isinstance(member, scanner._Method):
                    walk(member.in_type, name + "(in)")
                    walk(member.out_type, name + "(out)")
                else:
                    walk(member.type, name)
            print(interface.name, len(names), len(set(names)))
            print("duplicates:", sorted({name for name in names if names.count(name) > 1}))
            print("undefined:", undefined)
            print("types:", sorted(types))
            with client.open("io.rung.Control") as control:
                print(control.Pause(seconds=3600)["pause"].keys())
                print([sorted(pause) for pause in control.Status()["pauses"]])
            """
        let result = try await ProcessRunner.runDetached("/usr/bin/env", ["python3", "-c", script, rungd.runtimeDirectory + "/rung/control"])
        #expect(result.stderr == "")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 6, "\(result.stdout)")
        let counts = lines.first?.split(separator: " ") ?? []
        #expect(counts.count == 3 && counts[0] == "io.rung.Control" && counts[1] == counts[2], "\(lines.first ?? "")")
        #expect(lines.dropFirst().first == "duplicates: []")
        #expect(lines.dropFirst(2).first == "undefined: []")
        #expect(lines.dropFirst(3).first == "types: ['ActivePause', 'Calibration', 'Failure', 'Occurrence', 'Proposal', 'Waiting']")
        // The client types the replies by the description: a pause is an ActivePause.
        #expect(lines.dropFirst(4).first == "dict_keys(['until'])")
        #expect(lines.dropFirst(5).first == "[['until']]")
        #expect(await rungd.stop() == 0)
    }
}
