/// Where an assignment stores: a name, a namespace attribute, or a tuple to unpack.
indirect enum AssignTarget: Sendable {
    case name(String)
    case attribute(namespace: String, attribute: String)
    case tuple([AssignTarget])
}
