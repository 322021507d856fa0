package emulator

import "github.com/ivsdash/ivsdash/service/ivs"

// The emulator counts the AWS calls it receives, so tests can prove what a
// client did (or, in read-only mode, did not do). Calls that an injected
// fault or the credential mode refused before they reached the operation
// are counted apart, in Refused; Mutations counts both, so a mutating call
// shows there even if a fault refused it.

// Operations returns how many calls of each AWS operation reached the
// operation (calls over the AWS quota and calls that failed validation
// included); calls refused by injected faults or the credential mode are
// in Refused instead. Control calls and the simulation are not counted.
func (e *Emulator) Operations() map[string]int {
	e.opsMu.Lock()
	defer e.opsMu.Unlock()
	return cloneCounts(e.ops)
}

// Refused returns how many calls of each AWS operation an injected fault
// (outage, reset, throttle, error500, or a latency the client gave up on)
// or the credential mode answered before they reached the operation.
func (e *Emulator) Refused() map[string]int {
	e.opsMu.Lock()
	defer e.opsMu.Unlock()
	return cloneCounts(e.refused)
}

// Mutations returns how many calls of each mutating operation the emulator
// received, served or refused: empty proves a client changed nothing.
func (e *Emulator) Mutations() map[string]int {
	e.opsMu.Lock()
	defer e.opsMu.Unlock()
	out := map[string]int{}
	for _, counts := range []map[string]int{e.ops, e.refused} {
		for op, n := range counts {
			if IsMutating(op) {
				out[op] += n
			}
		}
	}
	return out
}

// IsMutating reports whether an operation changes state (Create*, Update*,
// Delete*, Start*, Stop*, Tag*, Untag*, Import*, Disconnect*), minting a
// participant token included, as the catalogue marks it.
func IsMutating(op string) bool {
	o, ok := ivs.Lookup(op)
	return ok && o.Mutates
}

func (e *Emulator) count(op string) {
	e.opsMu.Lock()
	e.ops[op]++
	e.opsMu.Unlock()
}

func (e *Emulator) refuse(op string) {
	e.opsMu.Lock()
	e.refused[op]++
	e.opsMu.Unlock()
}

func cloneCounts(m map[string]int) map[string]int {
	out := make(map[string]int, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}
