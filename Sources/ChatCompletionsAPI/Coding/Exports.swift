// The contract's types are built on JSON values and server-sent events; a client of the contract
// gets them with it.
@_exported import JSONCore
