package io.github.spl4j.arbiter;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of a {@link FixMatchSearch}.
 *
 * @param folder the search folder (records, {@value SearchResults#SUMMARY_CSV}, {@value SearchResults#PLOT_PNG})
 * @param ranked every candidate on record, best validation error first, failed candidates last
 */
public record SearchSummary(Path folder, List<CandidateRecord> ranked) {

    /**
     * @param folder the search folder
     * @param ranked the ranked records (copied)
     */
    public SearchSummary {
        Objects.requireNonNull(folder, "folder must not be null");
        ranked = List.copyOf(ranked);
    }

    /** @return the complete candidate with the lowest validation error, if any completed */
    public Optional<CandidateRecord> best() {
        return ranked.stream().filter(CandidateRecord::isComplete).findFirst();
    }

    /** @return how many candidates failed */
    public long failedCount() {
        return ranked.stream().filter(r -> !r.isComplete()).count();
    }
}
