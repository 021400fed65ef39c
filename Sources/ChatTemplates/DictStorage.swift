/// A Python dictionary (or a namespace's attributes).
final class DictStorage {
    var dict: PyDict
    init(_ dict: PyDict = PyDict()) { self.dict = dict }
}
