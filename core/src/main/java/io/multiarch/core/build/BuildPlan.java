package io.multiarch.core.build;

import io.multiarch.core.image.ImageRef;
import io.multiarch.core.platform.Platform;
import java.util.List;

/** Which agent builds which platform, natively or under emulation, pushed as which image. */
public record BuildPlan(List<Step> steps, List<AgentCapabilities> agents) {
    public BuildPlan {
        steps = List.copyOf(steps);
        agents = List.copyOf(agents);
    }

    /** One platform's part of the plan. */
    public record Step(Platform platform, AgentCapabilities agent, BuildMode mode, ImageRef archImage) {
    }
}
