package emulator

import (
	"context"
	"net"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ivsrealtime"
)

// TestNoGoroutineLeakWithFaults starts and closes emulators under every
// kind of fault, with calls in flight inside a long injected delay when
// Close comes, and counts goroutines before and after.
func TestNoGoroutineLeakWithFaults(t *testing.T) {
	const spec = "latency=1ms..10ms@List*;reset=0.2@List*;truncate=0.1@List*;badjson=0.1@List*;error500=0.1@List*;throttle=0.1@List*;latency=30s@GetStage"
	before := runtime.NumGoroutine()
	for round := range 3 {
		ctx, cancel := context.WithCancel(context.Background())
		e, err := Start(ctx, "127.0.0.1:0", Options{NoThrottle: true, Simulate: true, Seed: int64(round), SimulationTick: 5 * time.Millisecond, Faults: spec})
		noErr(t, err)
		httpc := HTTPClient()
		c := sdkClient(e.URL())
		c = ivsrealtime.New(c.Options(), func(o *ivsrealtime.Options) { o.HTTPClient = httpc })
		var listers, stuck sync.WaitGroup
		failures := make(chan error, 100)
		for range 4 {
			listers.Add(1)
			go func() {
				defer listers.Done()
				for range 20 {
					_, _ = c.ListStages(ctx, &ivsrealtime.ListStagesInput{})
				}
			}()
		}
		arn := "arn:aws:ivs:us-east-1:123456789012:stage/abcdefghijkl"
		for range 3 {
			stuck.Add(1)
			go func() {
				defer stuck.Done()
				_, err := c.GetStage(ctx, &ivsrealtime.GetStageInput{Arn: aws.String(arn)})
				failures <- err
			}()
		}
		listers.Wait()
		// Close must end the GetStage calls' 30s delay.
		for wait := time.Now(); e.delayed.Load() < 3; time.Sleep(time.Millisecond) {
			if time.Since(wait) > 10*time.Second {
				t.Fatalf("%d GetStage calls in the delay after 10s", e.delayed.Load())
			}
		}
		closed := time.Now()
		noErr(t, e.Close())
		stuck.Wait()
		if d := time.Since(closed); d > 10*time.Second {
			t.Fatalf("Close and the delayed calls took %s", d)
		}
		close(failures)
		for err := range failures {
			wantCode(t, err, CodeServiceUnavailable, "shutting down")
		}
		httpc.CloseIdleConnections()
		cancel()
	}
	deadline := time.Now().Add(5 * time.Second)
	for runtime.NumGoroutine() > before+2 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if after := runtime.NumGoroutine(); after > before+2 {
		buf := make([]byte, 1<<16)
		t.Fatalf("%d goroutines before, %d after:\n%s", before, after, buf[:runtime.Stack(buf, true)])
	}
}

// A client may dial a connection and never send a request on it (Go's
// transport dials spares); Close must still succeed, and not wait for it.
func TestCloseWithAnUnusedConnection(t *testing.T) {
	e, err := Start(context.Background(), "127.0.0.1:0", Options{})
	noErr(t, err)
	conn, err := net.Dial("tcp", strings.TrimPrefix(e.URL(), "http://"))
	noErr(t, err)
	defer conn.Close()
	time.Sleep(50 * time.Millisecond) // the server has accepted it
	t0 := time.Now()
	noErr(t, e.Close())
	if d := time.Since(t0); d > shutdownGrace+2*time.Second {
		t.Fatalf("Close took %s", d)
	}
	// The server closed the connection.
	_ = conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	if _, err := conn.Read(make([]byte, 1)); err == nil {
		t.Fatal("the unused connection is still open")
	}
}
