package ivs

import (
	"maps"
	"slices"
	"sort"
)

// Call-rate quotas: per account, per region, per operation; AWS does not let
// them be raised. The customer's production backend shares them.
// https://docs.aws.amazon.com/ivs/latest/RealTimeUserGuide/service-quotas.html

// Group is a set of operations that share one AWS call-rate quota.
type Group string

const (
	GroupStage       Group = "stage"       // stages, sessions, participants, events, disconnect
	GroupToken       Group = "token"       // CreateParticipantToken
	GroupComposition Group = "composition" // compositions
	GroupConfig      Group = "config"      // ingest, encoder and storage configurations
	GroupPublicKey   Group = "publickey"   // public keys
	GroupTag         Group = "tag"         // tags
	GroupReplication Group = "replication" // participant replication
	// GroupMetrics is CloudWatch's GetMetricData and ListMetrics, not IVS:
	// its rate is the lower of their quotas (ListMetrics' 25 TPS; see metrics.go).
	GroupMetrics Group = "metrics"
)

// Groups lists every group in display order.
var Groups = []Group{GroupStage, GroupToken, GroupComposition, GroupConfig, GroupPublicKey, GroupTag, GroupReplication, GroupMetrics}

// groupTPS is each group's AWS quota in calls per second per operation.
var groupTPS = map[Group]float64{
	GroupStage:       5,
	GroupToken:       50,
	GroupComposition: 5,
	GroupConfig:      5,
	GroupPublicKey:   3,
	GroupTag:         10,
	GroupReplication: 5,
	GroupMetrics:     min(GetMetricDataTPS, ListMetricsTPS),
}

// TPS is the AWS quota of each operation of g, in calls per second (0 for a
// group this package does not know).
func (g Group) TPS() float64 { return groupTPS[g] }

// Known reports whether g is one of Groups.
func (g Group) Known() bool { _, ok := groupTPS[g]; return ok }

// Operation is one API operation of the pinned SDK (ivsrealtime v1.30.0).
type Operation struct {
	Name    string
	Group   Group
	Mutates bool // changes state (what --readonly refuses)

	// List operations only: the largest maxResults the API takes and the
	// page size it uses when none is given (both 0 for other operations).
	// https://docs.aws.amazon.com/ivs/latest/RealTimeAPIReference/API_ListStages.html
	// and the other List* pages of the same reference.
	MaxPage, DefaultPage int
}

// Page sizes of the List operations.
const (
	// MaxPageSize is the largest maxResults of every List operation but
	// ListParticipantReplicas.
	MaxPageSize = 100
	// MaxReplicaPageSize is ListParticipantReplicas' largest maxResults.
	// https://docs.aws.amazon.com/ivs/latest/RealTimeAPIReference/API_ListParticipantReplicas.html
	MaxReplicaPageSize = 50
)

// The 39 operations: the 36 of the API reference and the three participant
// replication operations the pinned SDK adds.
// https://docs.aws.amazon.com/ivs/latest/RealTimeAPIReference/API_Operations.html
var operations = []Operation{
	{Name: "CreateStage", Group: GroupStage, Mutates: true},
	{Name: "GetStage", Group: GroupStage},
	{Name: "ListStages", Group: GroupStage, MaxPage: MaxPageSize, DefaultPage: 50},
	{Name: "UpdateStage", Group: GroupStage, Mutates: true},
	{Name: "DeleteStage", Group: GroupStage, Mutates: true},
	{Name: "ListStageSessions", Group: GroupStage, MaxPage: MaxPageSize, DefaultPage: 50},
	{Name: "GetStageSession", Group: GroupStage},
	{Name: "ListParticipants", Group: GroupStage, MaxPage: MaxPageSize, DefaultPage: 50},
	{Name: "GetParticipant", Group: GroupStage},
	{Name: "ListParticipantEvents", Group: GroupStage, MaxPage: MaxPageSize, DefaultPage: 50},
	{Name: "DisconnectParticipant", Group: GroupStage, Mutates: true},

	{Name: "CreateParticipantToken", Group: GroupToken, Mutates: true},

	{Name: "StartComposition", Group: GroupComposition, Mutates: true},
	{Name: "StopComposition", Group: GroupComposition, Mutates: true},
	{Name: "GetComposition", Group: GroupComposition},
	{Name: "ListCompositions", Group: GroupComposition, MaxPage: MaxPageSize, DefaultPage: 100},

	{Name: "CreateEncoderConfiguration", Group: GroupConfig, Mutates: true},
	{Name: "GetEncoderConfiguration", Group: GroupConfig},
	{Name: "ListEncoderConfigurations", Group: GroupConfig, MaxPage: MaxPageSize, DefaultPage: 100},
	{Name: "DeleteEncoderConfiguration", Group: GroupConfig, Mutates: true},
	{Name: "CreateStorageConfiguration", Group: GroupConfig, Mutates: true},
	{Name: "GetStorageConfiguration", Group: GroupConfig},
	{Name: "ListStorageConfigurations", Group: GroupConfig, MaxPage: MaxPageSize, DefaultPage: 100},
	{Name: "DeleteStorageConfiguration", Group: GroupConfig, Mutates: true},
	{Name: "CreateIngestConfiguration", Group: GroupConfig, Mutates: true},
	{Name: "GetIngestConfiguration", Group: GroupConfig},
	{Name: "ListIngestConfigurations", Group: GroupConfig, MaxPage: MaxPageSize, DefaultPage: 50},
	{Name: "UpdateIngestConfiguration", Group: GroupConfig, Mutates: true},
	{Name: "DeleteIngestConfiguration", Group: GroupConfig, Mutates: true},

	{Name: "ImportPublicKey", Group: GroupPublicKey, Mutates: true},
	{Name: "GetPublicKey", Group: GroupPublicKey},
	{Name: "ListPublicKeys", Group: GroupPublicKey, MaxPage: MaxPageSize, DefaultPage: 50},
	{Name: "DeletePublicKey", Group: GroupPublicKey, Mutates: true},

	{Name: "TagResource", Group: GroupTag, Mutates: true},
	{Name: "UntagResource", Group: GroupTag, Mutates: true},
	{Name: "ListTagsForResource", Group: GroupTag},

	{Name: "StartParticipantReplication", Group: GroupReplication, Mutates: true},
	{Name: "StopParticipantReplication", Group: GroupReplication, Mutates: true},
	{Name: "ListParticipantReplicas", Group: GroupReplication, MaxPage: MaxReplicaPageSize, DefaultPage: 50},
}

var operationsByName = index(operations, func(o Operation) string { return o.Name })

// index maps a catalogue table by its names.
func index[T any](table []T, name func(T) string) map[string]T {
	m := make(map[string]T, len(table))
	for _, t := range table {
		m[name(t)] = t
	}
	return m
}

// Operations lists the 39 operations, sorted by name.
func Operations() []Operation {
	ops := slices.Clone(operations)
	sort.Slice(ops, func(i, j int) bool { return ops[i].Name < ops[j].Name })
	return ops
}

// OperationNames lists the 39 operation names, sorted.
func OperationNames() []string { return sortedKeys(operationsByName) }

// sortedKeys lists the keys of a catalogue index, sorted.
func sortedKeys[V any](m map[string]V) []string {
	return slices.Sorted(maps.Keys(m))
}

// Lookup finds an operation by name.
func Lookup(name string) (Operation, bool) {
	o, ok := operationsByName[name]
	return o, ok
}

// GroupOf is the quota group of an operation name (GroupStage for names it
// does not know: the strictest common rate).
func GroupOf(name string) Group {
	if o, ok := operationsByName[name]; ok {
		return o.Group
	}
	if g, ok := metricOperations[name]; ok {
		return g
	}
	if slices.Contains(queueOperations, name) {
		return GroupQueue
	}
	return GroupStage
}

// TPS is the AWS call-rate quota of an operation (that of GroupStage for
// names it does not know).
func TPS(name string) float64 { return GroupOf(name).TPS() }

// MaxPage is the largest maxResults of a List operation (MaxPageSize for
// names it does not know).
func MaxPage(name string) int {
	if o, ok := operationsByName[name]; ok && o.MaxPage > 0 {
		return o.MaxPage
	}
	return MaxPageSize
}
