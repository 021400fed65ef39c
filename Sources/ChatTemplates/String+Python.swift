extension String {
    /// Every occurrence of `target` replaced, comparing Unicode scalars (not Swift's canonical
    /// equivalence).
    func replacingAll(_ target: String, with replacement: String) -> String {
        PyStr.replace(self, target, replacement, count: -1)
    }
}
