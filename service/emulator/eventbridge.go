package emulator

import (
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/ivsdash/ivsdash/service/emulator/bus"
	"github.com/ivsdash/ivsdash/service/emulator/faults"
	"github.com/ivsdash/ivsdash/service/emulator/queues"
	"github.com/ivsdash/ivsdash/service/ivs"
)

// Beside IVS, the emulator serves on the same listener what pushed events
// need, as LocalStack does: Amazon SQS (queues/, AWS JSON 1.0) and the
// EventBridge default bus (bus/, AWS JSON 1.1), routed by X-Amz-Target.
// The backend's state changes become the EventBridge events IVS sends, in
// the envelope of AWS's examples, and reach every queue a matching rule
// targets (through the delivery faults of the plan in force).

// newPushed makes the SQS and EventBridge backends and connects the IVS
// backend's events to the bus.
func (e *Emulator) newPushed() {
	e.queues = queues.New(e.opts.Region, e.opts.Account, e.now)
	e.bus = bus.New(e.opts.Region, e.opts.Account, e.queues, e.seed, func(detailType string) bus.Decision {
		p := e.faults.Load()
		if p == nil {
			return bus.Decision{}
		}
		d := p.Decide(faults.DeliveryOp(detailType), e.now())
		return bus.Decision{Delay: d.Delay, Duplicate: d.Duplicate, Reorder: d.Reorder, Lose: d.Lose}
	})
	e.b.push = e.pushEvent
}

// pushEvent wraps one event in EventBridge's envelope and puts it on the bus.
func (e *Emulator) pushEvent(detailType, resource string, at time.Time, detail any) {
	data, err := json.Marshal(ivs.Envelope[any]{
		Version: "0", ID: uuid.NewString(), DetailType: detailType, Source: ivs.EventSource,
		Account: e.opts.Account, Time: at.UTC().Format(time.RFC3339), Region: e.opts.Region,
		Resources: []string{resource}, Detail: detail,
	})
	if err != nil {
		e.log.Error("could not encode a pushed event", "detailType", detailType, "error", err)
		return
	}
	e.bus.Put(detailType, data)
}

// faultOperations are what a fault rule's @OPS may name: the IVS
// operations, the SQS and EventBridge ones, and the deliveries.
func faultOperations() []string {
	ops := append(OperationNames(), queues.Operations...)
	ops = append(ops, bus.Operations...)
	for _, dt := range ivs.DetailTypes {
		ops = append(ops, faults.DeliveryOp(dt))
	}
	return ops
}

// PushedStats counts the events put on the bus and what became of them.
func (e *Emulator) PushedStats() bus.Stats { return e.bus.Stats() }

// QueueURL is the URL of an SQS queue of the emulator after Start.
func (e *Emulator) QueueURL(name string) string { return e.queues.URL(e.URL(), name) }

// serveTarget serves an AWS JSON request (SQS or EventBridge).
func (e *Emulator) serveTarget(w http.ResponseWriter, r *http.Request, target string) (string, int) {
	op, isSQS := strings.CutPrefix(target, queues.TargetPrefix)
	isBus := false
	if !isSQS {
		op, isBus = strings.CutPrefix(target, bus.TargetPrefix)
	}
	answer := func(out any, err error) int {
		if isSQS {
			return queues.WriteAnswer(w, out, err)
		}
		return bus.WriteAnswer(w, out, err)
	}
	switch {
	case !isSQS && !isBus:
		return shown(target), writeError(w, newError(CodeUnknownOperation, "Unknown operation: X-Amz-Target %s", shown(target)))
	case r.Method != http.MethodPost:
		w.Header().Set("Allow", http.MethodPost)
		return op, writeError(w, newError(CodeMethodNotAllowed, "%s takes POST, not %s", shown(op), r.Method))
	case isSQS && !slices.Contains(queues.Operations, op), isBus && !slices.Contains(bus.Operations, op):
		return shown(op), answer(e.queues.Call(r.Context(), "", "", nil))
	}
	w, status, done := e.gate(w, r, op)
	if done {
		return op, status
	}
	body, err := readBody(w, r)
	if err != nil {
		return op, writeError(w, err)
	}
	if isBus {
		return op, answer(e.bus.Call(op, body))
	}
	// A long poll ends when the client goes or the emulator closes.
	ctx, cancel := context.WithCancel(r.Context())
	defer cancel()
	go func() {
		select {
		case <-e.quit:
			cancel()
		case <-ctx.Done():
		}
	}()
	return op, answer(e.queues.Call(ctx, op, "http://"+r.Host, body))
}
