package model

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ivsdash/ivsdash/model/kit"
	"github.com/ivsdash/ivsdash/model/panes"
	"github.com/ivsdash/ivsdash/model/route"
	"github.com/ivsdash/ivsdash/service"
)

// Every route opens the pane of its kind, and every `:` jump its list.
func TestRegistryOpensEveryRoute(t *testing.T) {
	a := newTestApp(120, 40)
	for _, c := range everyRoute() {
		p := panes.Panes.Open(a.ctx, c.r)
		if p == nil || p.Kind() != c.kind {
			t.Errorf("%T opened %v, want a %s pane", c.r, p, c.kind)
		}
	}
	if len(panes.Panes) != len(everyRoute()) {
		t.Errorf("%d routes registered; the table above checks %d", len(panes.Panes), len(everyRoute()))
	}
	if panes.Panes.Open(a.ctx, nil) != nil {
		t.Error("a nil route opened a pane")
	}
	for _, j := range route.Jumps {
		if p := a.rootPane(j.Name); p == nil || p.Kind() != j.Name {
			t.Errorf(":%s opened %v", j.Name, p)
		}
	}
	if a.rootPane("participants") != nil {
		t.Error(":participants opened a pane: it needs a session")
	}
}

// A route message pushes the pane of the route, with its state (the
// timeline's errors-only switch).
func TestOpenRoutePushes(t *testing.T) {
	a := newTestApp(120, 40)
	a.Update(kit.OpenMsg{To: route.Timeline{Stage: stageFixture()[0], Session: service.Session{ID: "st-1"}, ErrorsOnly: true}})
	tl, ok := a.top().(*panes.TimelinePane)
	if !ok || !tl.ErrorsOnly {
		t.Fatalf("top is %T, want an errors-only timeline", a.top())
	}
}

// Only the registry builds panes: no other source file of the model tree
// calls a pane's constructor, so panes do not depend on each other.
func TestOnlyTheRegistryBuildsPanes(t *testing.T) {
	var files []string
	for _, dir := range []string{".", "kit", "panes"} {
		fs, err := filepath.Glob(filepath.Join(dir, "*.go"))
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, fs...)
	}
	ctors := map[string]bool{}
	for _, r := range []string{"StagesPane", "StageDetailPane", "SessionsPane", "ParticipantsPane",
		"ParticipantPane", "TimelinePane", "ReplicasPane", "TagsPane", "CompositionsPane",
		"CompositionPane", "TriagePane", "IngestPane", "IngestDetailPane", "EncodersPane",
		"EncoderPane", "StoragePane", "StorageDetailPane", "KeysPane", "KeyDetailPane"} {
		ctors["new"+r] = true
		ctors["New"+r] = true
	}
	fset := token.NewFileSet()
	checked := 0
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") || f == filepath.Join("panes", "panes.go") {
			continue
		}
		file, err := parser.ParseFile(fset, f, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		checked++
		ast.Inspect(file, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			name := ""
			switch fn := call.Fun.(type) {
			case *ast.Ident:
				name = fn.Name
			case *ast.SelectorExpr:
				name = fn.Sel.Name
			}
			if ctors[name] {
				t.Errorf("%s calls %s: open it by route", fset.Position(call.Pos()), name)
			}
			return true
		})
	}
	if checked < 30 {
		t.Fatalf("read only %d source files: the glob no longer finds the model tree", checked)
	}
}

// paneRoute is a route and the kind of the pane it opens.
type paneRoute struct {
	r    route.Route
	kind string
}

// everyRoute is one route of every pane.
func everyRoute() []paneRoute {
	st, sess := stageFixture()[0], sessionFixture()[0]
	who := participantFixture(1)[0]
	return []paneRoute{
		{route.Stages{}, "stages"},
		{route.Stage{Stage: st}, "stage"},
		{route.Sessions{Stage: st}, "sessions"},
		{route.Participants{Stage: st, Session: sess}, "participants"},
		{route.Participant{Stage: st, Session: sess, Participant: who}, "participant"},
		{route.Timeline{Stage: st, Session: sess}, "timeline"},
		{route.Replicas{Stage: st, Session: sess, Participant: who}, "replicas"},
		{route.Tags{ARN: st.ARN, What: "stage x"}, "tags"},
		{route.Compositions{}, "compositions"},
		{route.Composition{Composition: compositionFixture()[0]}, "composition"},
		{route.Triage{}, "triage"},
		{route.Ingest{}, "ingest"},
		{route.IngestConfiguration{Config: ingestFixture()[0]}, "ingest-detail"},
		{route.Encoders{}, "encoders"},
		{route.EncoderConfiguration{Config: encoderFixture()[0]}, "encoder-detail"},
		{route.Storage{}, "storage"},
		{route.StorageConfiguration{Config: storageFixture()[0]}, "storage-detail"},
		{route.Keys{}, "keys"},
		{route.PublicKey{Key: keyFixture()[0]}, "key-detail"},
		{route.Breakdown{Stage: st}, "breakdown"},
		{route.Quotas{}, "quotas"},
		{route.Contexts{}, "ctx"},
	}
}
