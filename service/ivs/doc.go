// Package ivs is the catalogue of Amazon IVS Real-Time facts the rest of
// ivsdash reads instead of restating: the operations of the pinned SDK with
// their quota groups and call rates, the API's field limits and patterns, the
// account and stage quotas, and the participant event names and error codes
// with what they mean and how to fix them. It has no dependencies beyond the
// standard library, so the client, the budget, the forms and the emulator
// can all import it.
//
// Each group of facts names the AWS documentation page it comes from.
package ivs
