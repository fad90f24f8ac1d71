/// A seeded generator of a person's practice history, written into a real store.
public enum PracticeHistory {}
