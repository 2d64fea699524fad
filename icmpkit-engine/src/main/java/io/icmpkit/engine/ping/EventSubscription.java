package io.icmpkit.engine.ping;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** One subscription of {@link Pinger#events}: one run, events buffered until requested. */
final class EventSubscription implements Flow.Subscription, PingListener {
  private final Pinger pinger;
  private final PingRequest request;
  private final Flow.Subscriber<? super PingEvent> subscriber;
  private final ConcurrentLinkedQueue<PingEvent> queue = new ConcurrentLinkedQueue<>();
  private final AtomicLong demand = new AtomicLong();
  private final AtomicInteger wip = new AtomicInteger();
  private volatile boolean done;
  private volatile Throwable failure;
  private volatile boolean cancelled;
  private boolean terminated; // drain loop only
  private volatile CompletableFuture<PingResult> run;

  EventSubscription(Pinger pinger, PingRequest request,
      Flow.Subscriber<? super PingEvent> subscriber) {
    this.pinger = pinger;
    this.request = request;
    this.subscriber = subscriber;
  }

  void start() {
    subscriber.onSubscribe(this);
    if (!cancelled) {
      run = pinger.ping(request, this);
      if (cancelled) {
        pinger.stop(run);
      }
    }
  }

  @Override
  public void request(long n) {
    if (n <= 0) {
      failure = new IllegalArgumentException("request must be positive: " + n);
      done = true;
      cancel();
    } else {
      demand.getAndAccumulate(n, (a, b) -> a + b < 0 ? Long.MAX_VALUE : a + b);
    }
    drain();
  }

  @Override
  public void cancel() {
    cancelled = true;
    CompletableFuture<PingResult> r = run;
    if (r != null) {
      pinger.stop(r);
    }
  }

  @Override
  public void onEvent(PingEvent event) {
    queue.add(event);
    drain();
  }

  @Override
  public void onDone(PingResult result, Throwable failure) {
    this.failure = failure;
    done = true;
    drain();
  }

  private void drain() {
    if (wip.getAndIncrement() != 0) {
      return;
    }
    int missed = 1;
    do {
      while (!terminated) {
        if (cancelled && failure == null) {
          queue.clear();
          break;
        }
        if (demand.get() > 0) {
          PingEvent e = queue.poll();
          if (e != null) {
            demand.decrementAndGet();
            subscriber.onNext(e);
            continue;
          }
        }
        if (done && queue.isEmpty()) {
          terminated = true;
          Throwable f = failure;
          if (f != null) {
            subscriber.onError(f);
          } else {
            subscriber.onComplete();
          }
        }
        break;
      }
      missed = wip.addAndGet(-missed);
    } while (missed != 0);
  }
}
