/// Whether an observer's feedback is only praise of the person (COACHING.md §7): "you were
/// great" is the weakest feedback there is (Hattie & Timperley 2007), and a third of
/// feedback that pointed at the self made performance worse (Kluger & DeNisi 1996). Such a
/// reply gets one question asking for an instance, and is never quoted in a reframe.
public enum PraiseOnly {
    /// Feedback with fewer content words than this, once praise, pronouns, articles,
    /// intensifiers and other small words are set aside, names nothing the person did
    /// (*heuristic*: COACHING.md §7 asks for "one specific thing"; a thing and what was done
    /// with it takes at least two words, "paused before", "slides clear").
    public static let minimumContentWords = 2

    /// Words that praise the person or the whole performance rather than name an act
    /// ("amazing job", "you nailed it", "you're a natural").
    public static let praiseWords: Set<String> = [
        "great", "amazing", "awesome", "brilliant", "excellent", "fantastic", "wonderful", "superb", "perfect",
        "impressive", "incredible", "outstanding", "terrific", "fabulous", "good", "nice", "well", "done", "job",
        "work", "natural", "nailed", "crushed", "killed", "rocked", "smashed", "star", "rockstar", "pro", "talented",
        "gifted", "proud", "loved", "love", "best", "fine", "ok", "okay", "congrats", "congratulations", "bravo",
        "kudos", "wow", "impressed", "stellar", "cool",
    ]

    /// Pronouns, articles, intensifiers and small words that name nothing on their own.
    public static let fillerWords: Set<String> = [
        "you", "you're", "your", "yours", "youre", "u", "i", "i'm", "me", "my", "we", "us", "our", "he", "she", "they",
        "them", "him", "her", "it", "it's", "that", "this", "there", "here", "a", "an", "the", "so", "very", "really",
        "truly", "totally", "absolutely", "completely", "just", "such", "quite", "pretty", "super", "incredibly", "too",
        "was", "were", "is", "are", "am", "be", "been", "being", "did", "do", "does", "had", "have", "has", "what", "all",
        "and", "but", "or", "of", "to", "in", "on", "at", "up", "out", "as", "with", "for", "again", "today", "tonight",
        "thing", "things", "everything", "honestly", "seriously", "definitely", "overall", "whole", "lot", "much",
        "think", "thought", "felt", "seemed", "way", "one", "yeah", "yes", "oh", "hey",
    ]

    /// The one question for feedback that is only praise: one instance and its effect.
    /// `person` is the one the feedback is about, as prompts name them.
    public static func followUp(about person: String) -> String {
        "What is one specific thing \(person) did, and what effect did it have?"
    }

    /// Whether `feedback` is only praise: fewer than `minimumContentWords` words are left
    /// once praise and filler words are set aside.
    public static func isPraiseOnly(_ feedback: String) -> Bool {
        let content = Words.of(feedback).filter { !praiseWords.contains($0) && !fillerWords.contains($0) }
        return content.count < minimumContentWords
    }

    /// Whether to keep `feedback` about `person` or ask for an instance first. After the
    /// question was asked (`followUpAsked`) the answer is always `.accept`: one follow-up at
    /// most (COACHING.md, "one re-nudge at most").
    public static func review(_ feedback: String, about person: String, followUpAsked: Bool) -> TextReview {
        followUpAsked || !isPraiseOnly(feedback) ? .accept : .askOnce(followUp(about: person))
    }
}
