package io.icmpkit.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit 5 extension owning one {@link NetnsTopology} per test class: checks {@link Requirements}
 * (skip, or fail under {@code CI=true}), builds the topology before all tests and deletes it after
 * all tests, whatever their outcome.
 *
 * <pre>{@code
 * @Tag("integration")
 * class EchoIT {
 *   @RegisterExtension
 *   static final NetnsExtension NET =
 *       new NetnsExtension(NetnsTopology.chain("client", "r1", "r2", "target").linkMtu(2, 1280));
 *
 *   @Test void echo() { NET.topology().call("client", () -> ...); }
 * }
 * }</pre>
 */
public final class NetnsExtension implements BeforeAllCallback, AfterAllCallback {
  private final NetnsTopology.Builder builder;
  private volatile NetnsTopology topology;

  public NetnsExtension(NetnsTopology.Builder builder) {
    this.builder = builder;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    Requirements.require();
    topology = builder.build();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    NetnsTopology t = topology;
    topology = null;
    if (t != null) {
      t.close();
    }
  }

  /** The topology of the running test class. */
  public NetnsTopology topology() {
    NetnsTopology t = topology;
    if (t == null) {
      throw new IllegalStateException("no topology: register with @RegisterExtension on a static field");
    }
    return t;
  }
}
