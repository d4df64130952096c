package io.t4t.planner;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * The planner-service of {@link ConsoleResourceTest}: its own application (a fresh broker, so its
 * runs meet no model left in flight by the other tests). No state-service is configured: the
 * console's history and freshness from the real state-service are tested by ConsoleIT (e2e).
 */
public class ConsoleProfile implements QuarkusTestProfile {}
