package io.orderseos.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Test;

/** The lookup-forward-or-stale decision, case by case, with owners that answer or not. */
class KeyAnswerTest {
    private static final HostInfo OWNER = new HostInfo("owner.example", 7070);

    private final List<HostInfo> asked = new ArrayList<>();
    private int standbyReads;

    @Test
    void aKeyActiveHereIsAnsweredHereAndNobodyIsAsked() {
        assertThat(decide(new Lookup.Found<>("v", false), false, answers("relayed")))
                .isEqualTo(new KeyAnswer.Value<>("v", false));
        assertThat(decide(new Lookup.Found<>("v", true), false, answers("relayed")))
                .isEqualTo(new KeyAnswer.Value<>("v", true));
        assertThat(decide(new Lookup.NotFound<>(), false, answers("relayed")))
                .isEqualTo(new KeyAnswer.Missing<>(false));
        assertThat(decide(new Lookup.Unavailable<>("instance is REBALANCING"), false, answers("relayed")))
                .isEqualTo(new KeyAnswer.Unavailable<>("instance is REBALANCING"));
        assertThat(asked).isEmpty();
    }

    @Test
    void aKeyOwnedElsewhereIsTheOwnersAnswerAndTheStandbyHereIsNotRead() {
        KeyAnswer<String, String> answer =
                decide(elsewhere(new Lookup.Found<>("old", true)), false, answers("relayed"));

        assertThat(answer).isEqualTo(new KeyAnswer.Relayed<>("relayed"));
        assertThat(asked).containsExactly(OWNER);
        assertThat(standbyReads).isZero();
    }

    @Test
    void withoutTheOwnerAStandbyHereAnswersStale() {
        assertThat(decide(elsewhere(new Lookup.Found<>("old", false)), false, silent()))
                .isEqualTo(new KeyAnswer.Value<>("old", true));
        assertThat(decide(elsewhere(new Lookup.NotFound<>()), false, silent()))
                .isEqualTo(new KeyAnswer.Missing<>(true));
        assertThat(asked).containsExactly(OWNER, OWNER);
    }

    @Test
    void withoutTheOwnerOrAStandbyTheAnswerIsUnavailableNamingTheOwner() {
        KeyAnswer<String, String> answer =
                decide(elsewhere(new Lookup.Unavailable<>("no standby may answer here")), false, silent());

        assertThat(answer).isEqualTo(new KeyAnswer.Unavailable<>("owner owner.example:7070 cannot answer"));
    }

    @Test
    void aRequestForwardedHereIsNeverForwardedAgain() {
        assertThat(decide(elsewhere(new Lookup.Found<>("old", false)), true, answers("relayed")))
                .isEqualTo(new KeyAnswer.Value<>("old", true));
        assertThat(decide(elsewhere(new Lookup.Unavailable<>("none")), true, answers("relayed")))
                .isInstanceOf(KeyAnswer.Unavailable.class);
        assertThat(asked).isEmpty();
    }

    private KeyAnswer<String, String> decide(
            Lookup<String> lookup, boolean forwardedHere, Function<HostInfo, Optional<String>> owner) {
        return KeyAnswer.decide(lookup, forwardedHere, host -> {
            asked.add(host);
            return owner.apply(host);
        });
    }

    private Lookup<String> elsewhere(Lookup<String> standby) {
        return new Lookup.Elsewhere<>(OWNER, () -> {
            standbyReads++;
            return standby;
        });
    }

    private static Function<HostInfo, Optional<String>> answers(String answer) {
        return host -> Optional.of(answer);
    }

    private static Function<HostInfo, Optional<String>> silent() {
        return host -> Optional.empty();
    }
}
