package io.multiarch.core.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ChallengeTest {
    @Test
    void parsesBearerWithParametersInAnyOrderAndSeveralScopes() {
        List<Challenge> parsed = Challenge.parse(
                "Bearer scope=\"repository:a:pull repository:b:pull,push\",service=\"reg, the best\",realm=\"https://auth/token\"");
        assertThat(parsed).hasSize(1);
        Challenge c = parsed.get(0);
        assertThat(c.isBearer()).isTrue();
        assertThat(c.param("realm")).isEqualTo("https://auth/token");
        assertThat(c.param("service")).isEqualTo("reg, the best");
        assertThat(c.param("scope")).isEqualTo("repository:a:pull repository:b:pull,push");
    }

    @Test
    void parsesSeveralChallengesAndBasic() {
        List<Challenge> parsed = Challenge.parse("Basic realm=\"Registry Realm\", Bearer realm=\"https://x\",service=y");
        assertThat(parsed).extracting(Challenge::scheme).containsExactly("Basic", "Bearer");
        assertThat(parsed.get(0).param("realm")).isEqualTo("Registry Realm");
        assertThat(parsed.get(1).param("service")).isEqualTo("y");
    }

    @Test
    void scopesMergeActionsPerRepository() {
        Scopes scopes = new Scopes();
        scopes.add("repository:team/app:pull");
        scopes.add("repository:team/app:push repository:team/app-s390x:pull");
        assertThat(scopes.asList()).containsExactly("repository:team/app:pull,push", "repository:team/app-s390x:pull");
        assertThat(scopes.covers("repository:team/app:push")).isTrue();
        assertThat(scopes.covers("repository:team/app-s390x:push")).isFalse();
        assertThat(scopes.covers("repository:other:pull")).isFalse();
    }
}
