// Package route names the panes of the dashboard as values: what a pane
// shows, not how it is built. A pane opens another by returning a route to
// the root, which builds the pane its registry maps the route to (as k9s's
// registrar maps a resource to its view), so no pane calls another's
// constructor and the panes do not depend on each other.
package route

import "github.com/ivsdash/ivsdash/service"

// Route is a pane to open, with what it needs to show.
type Route interface{ route() }

// Stages is the stages of the region (`:stages`, the first pane).
type Stages struct{}

// Stage is one stage's detail.
type Stage struct{ Stage service.Stage }

// Sessions are the sessions of a stage.
type Sessions struct{ Stage service.Stage }

// Participants are the participants of a session.
type Participants struct {
	Stage   service.Stage
	Session service.Session
}

// Participant is one participant: its detail and event timeline.
type Participant struct {
	Stage       service.Stage
	Session     service.Session
	Participant service.Participant
}

// Timeline is the merged event timeline of a session; ErrorsOnly starts
// it with only the errors shown, Filter with the `/` filter set (an error
// code, say).
type Timeline struct {
	Stage      service.Stage
	Session    service.Session
	ErrorsOnly bool
	Filter     string
}

// Replicas are a participant's replicas in other stages.
type Replicas struct {
	Stage       service.Stage
	Session     service.Session
	Participant service.Participant
}

// Tags are the tags of a resource; What names it in words ("stage
// main-broadcast": untrusted, sanitised where shown).
type Tags struct{ ARN, What string }

// Compositions are the compositions of the region (`:compositions`).
type Compositions struct{}

// Composition is one composition; its ARN is enough, the rest is what is
// known of it already (shown until its GetComposition answers).
type Composition struct{ Composition service.Composition }

// Breakdown is a stage's quality (subscribe bitrate, dropped frames,
// packet loss) by platform, SDK version or subscriber country.
type Breakdown struct{ Stage service.Stage }

// Quotas is the account's headroom against its quotas (`:quotas`).
type Quotas struct{}

// Triage is the error triage of the watched sessions (`:triage`, `!`).
type Triage struct{}

// Ingest, Encoders, Storage and Keys are the lists of the configurations
// of the region (`:ingest`, `:encoders`, `:storage`, `:keys`).
type (
	Ingest   struct{}
	Encoders struct{}
	Storage  struct{}
	Keys     struct{}
)

// IngestConfiguration, EncoderConfiguration, StorageConfiguration and
// PublicKey are the details of one configuration.
type (
	IngestConfiguration  struct{ Config service.IngestConfiguration }
	EncoderConfiguration struct{ Config service.EncoderConfiguration }
	StorageConfiguration struct{ Config service.StorageConfiguration }
	PublicKey            struct{ Key service.PublicKey }
)

func (Stages) route()               {}
func (Stage) route()                {}
func (Sessions) route()             {}
func (Participants) route()         {}
func (Participant) route()          {}
func (Timeline) route()             {}
func (Replicas) route()             {}
func (Tags) route()                 {}
func (Compositions) route()         {}
func (Composition) route()          {}
func (Triage) route()               {}
func (Breakdown) route()            {}
func (Quotas) route()               {}
func (Ingest) route()               {}
func (Encoders) route()             {}
func (Storage) route()              {}
func (Keys) route()                 {}
func (IngestConfiguration) route()  {}
func (EncoderConfiguration) route() {}
func (StorageConfiguration) route() {}
func (PublicKey) route()            {}
func (Contexts) route()             {}

// Contexts are the AWS profiles and IVS Real-Time regions to switch to
// (`:ctx`).
type Contexts struct{}

// Jumps are the `:` destinations, k9s style, in the order the prompt
// offers them.
var Jumps = []struct {
	Name  string
	Route Route
}{
	{"stages", Stages{}},
	{"compositions", Compositions{}},
	{"ingest", Ingest{}},
	{"encoders", Encoders{}},
	{"storage", Storage{}},
	{"keys", Keys{}},
	{"triage", Triage{}},
	{"quotas", Quotas{}},
}

// Jump is the route of a `:` destination; false when there is none.
func Jump(name string) (Route, bool) {
	for _, j := range Jumps {
		if j.Name == name {
			return j.Route, true
		}
	}
	return nil, false
}
