/// A varlink service: its identity, and the interfaces it implements beside
/// `org.varlink.service` (which it answers itself: GetInfo, GetInterfaceDescription).
public struct VarlinkService: Sendable {
    /// One implemented interface: its varlink IDL text and the handler of its methods.
    public struct Interface: Sendable {
        public let name: String
        /// The interface description in varlink's IDL, starting `interface NAME`.
        public let description: String
        /// What `description` declares: the service checks every call against it.
        public let definition: VarlinkInterfaceDefinition
        /// The replies to a call, in order: exactly one, unless the call says `more`; then
        /// one or more, and the service marks each but the last with `continues`. The
        /// handler gets only calls of declared methods whose parameters have the declared
        /// names and types, required ones present.
        public let handle: @Sendable (VarlinkCall) async -> [VarlinkReply]

        /// `description` is part of the program, not input: one that cannot be read is a
        /// programming error, and stops the program at once.
        public init(name: String, description: String, handle: @escaping @Sendable (VarlinkCall) async -> [VarlinkReply]) {
            self.name = name
            self.description = description
            do {
                definition = try VarlinkInterfaceDefinition(parsing: description)
            } catch {
                preconditionFailure("\(name): \(error)")
            }
            precondition(definition.name == name, "\(name): the description declares \(definition.name)")
            self.handle = handle
        }
    }

    public let vendor: String
    public let product: String
    public let version: String
    public let url: String
    public let interfaces: [Interface]

    public init(vendor: String, product: String, version: String, url: String, interfaces: [Interface]) {
        self.vendor = vendor
        self.product = product
        self.version = version
        self.url = url
        self.interfaces = interfaces
    }

    static let serviceInterfaceName = "org.varlink.service"

    /// What `org.varlink.service` declares (it cannot fail to read: the text is above).
    static let serviceDefinition = try! VarlinkInterfaceDefinition(parsing: serviceInterfaceDescription)

    /// The IDL of `org.varlink.service`, as the varlink specification defines it.
    static let serviceInterfaceDescription = """
        # The Varlink Service Interface is provided by every varlink service. It
        # describes the service and the interfaces it implements.
        interface org.varlink.service

        # Get a list of all the interfaces a service provides and information
        # about the implementation.
        method GetInfo() -> (
          vendor: string,
          product: string,
          version: string,
          url: string,
          interfaces: []string
        )

        # Get the description of an interface that is implemented by this service.
        method GetInterfaceDescription(interface: string) -> (description: string)

        # The requested interface was not found.
        error InterfaceNotFound (interface: string)

        # The requested method was not found
        error MethodNotFound (method: string)

        # The interface defines the requested method, but the service does not
        # implement it.
        error MethodNotImplemented (method: string)

        # One of the passed parameters is invalid.
        error InvalidParameter (parameter: string)

        """

    /// The replies to `call`: `org.varlink.service` answered here, other interfaces by their
    /// handlers, anything unknown with the standard errors. One reply, unless the call says
    /// `more`; then each but the last has `continues` set.
    public func replies(to call: VarlinkCall) async -> [VarlinkReply] {
        var replies = await answer(call)
        assert(call.more == true || replies.count == 1, "\(call.method): several replies to a call without more")
        for index in replies.indices {
            replies[index].continues = index < replies.count - 1 ? true : nil
        }
        return replies
    }

    private func answer(_ call: VarlinkCall) async -> [VarlinkReply] {
        let isService = call.interface == Self.serviceInterfaceName
        let interface = interfaces.first { $0.name == call.interface }
        guard let definition = isService ? Self.serviceDefinition : interface?.definition else {
            return [.interfaceNotFound(call.interface)]
        }
        guard let method = definition.methods[call.member] else { return [.methodNotFound(call.method)] }
        if let parameter = definition.invalidParameter(of: method, in: call.parameters ?? [:]) {
            return [.invalidParameter(parameter)]
        }
        guard let interface else {  // org.varlink.service, answered here
            switch call.member {
            case "GetInfo":
                return [VarlinkReply(parameters: [
                    "vendor": .string(vendor), "product": .string(product), "version": .string(version),
                    "url": .string(url),
                    "interfaces": .array(([Self.serviceInterfaceName] + interfaces.map(\.name)).map { .string($0) }),
                ])]
            case "GetInterfaceDescription":
                guard let name = call.parameters?["interface"]?.string else { return [.invalidParameter("interface")] }
                if name == Self.serviceInterfaceName {
                    return [VarlinkReply(parameters: ["description": .string(Self.serviceInterfaceDescription)])]
                }
                guard let interface = interfaces.first(where: { $0.name == name }) else { return [.interfaceNotFound(name)] }
                return [VarlinkReply(parameters: ["description": .string(interface.description)])]
            default:
                return [.methodNotFound(call.method)]
            }
        }
        return await interface.handle(call)
    }
}
