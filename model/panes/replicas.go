package panes

import (
	"context"
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/ivsdash/ivsdash/keymap"
	"github.com/ivsdash/ivsdash/model/form"
	"github.com/ivsdash/ivsdash/model/kit"
	"github.com/ivsdash/ivsdash/model/route"
	"github.com/ivsdash/ivsdash/service"
	"github.com/ivsdash/ivsdash/service/ivs"
	"github.com/ivsdash/ivsdash/ui"
)

// Participant replication (the three operations the pinned SDK adds to the
// API reference): a publishing participant of one stage appears, as a
// REPLICA, in another stage. The replicas pane (R on a participant) lists
// them (ListParticipantReplicas), starts one (c:
// StartParticipantReplication) and stops the selected one (ctrl+d:
// StopParticipantReplication).

// Limits of StartParticipantReplication.
const (
	maxReplicaReconnect = ivs.MaxReplicationReconnectSeconds
	MaxReplications     = ivs.MaxReplicationsPerParticipant
)

type ReplicasPane struct {
	*kit.ResourceList[service.Replica]
	stage   service.Stage // the source
	session service.Session
	who     service.Participant
}

// NewReplicasPane lists the replicas of a participant.
func NewReplicasPane(c *kit.Context, stage service.Stage, session service.Session, who service.Participant) *ReplicasPane {
	p := &ReplicasPane{stage: stage, session: session, who: who}
	p.ResourceList = kit.NewResourceList(c, &kit.ListSpec[service.Replica]{
		Kind:     keymap.PaneReplicas,
		OpenHelp: "destination stage's sessions", CreateHelp: "replicate to a stage", RemoveHelp: "stop replication",
		Crumb:   "replicas",
		Title:   "Replicas of " + ui.Sanitize(kit.DisplayName(who.UserID)) + " (" + who.ID + ")",
		Noun:    "replicas",
		Columns: replicaColumns,
		Cell:    replicaCell,
		ID:      func(r service.Replica) string { return r.DestinationStageARN + "/" + r.DestinationSessionID },
		Text: func(r service.Replica) string {
			return c.StageName(r.DestinationStageARN) + " " + r.DestinationStageARN + " " + r.DestinationSessionID + " " + r.State
		},
		FetchKind: "replicas",
		Load: func(c *kit.Context) func(ctx context.Context) ([]service.Replica, error) {
			client, arn, id := c.Client, stage.ARN, who.ID
			return func(ctx context.Context) ([]service.Replica, error) {
				return client.AllParticipantReplicas(ctx, arn, id)
			}
		},
		Summary: func(c *kit.Context, items []service.Replica) string {
			return fmt.Sprintf("%d active of at most %d · %d in all", p.active(), MaxReplications, len(items))
		},
		Copy: func(r service.Replica) (string, string) { return r.DestinationStageARN, "destination stage ARN" },
		Open: func(c *kit.Context, r service.Replica) route.Route {
			return route.Sessions{Stage: service.Stage{ARN: r.DestinationStageARN, ID: kit.ResourceID(r.DestinationStageARN), Name: c.StageNames[r.DestinationStageARN]}}
		},
		EnterOnly:     true,
		Remove:        p.stopDialog,
		Empty:         "not replicated: c replicates this participant into another stage",
		EmptyReadOnly: "not replicated into any stage",
	})
	return p
}

func (p *ReplicasPane) whoText() string { return kit.QuoteUntrusted(kit.DisplayName(p.who.UserID)) }

// Update adds c, which checks the participant can be replicated, to the
// kit's keys.
func (p *ReplicasPane) Update(c *kit.Context, msg tea.Msg) tea.Cmd {
	if msg, ok := msg.(tea.KeyPressMsg); ok && key.Matches(msg, c.Keys.Create) {
		if !p.who.Connected() {
			return kit.Flash(kit.FlashInfo, p.whoText()+" has left the stage: only a connected participant who publishes can be replicated")
		}
		return kit.Send(kit.OpenDialogMsg{Dialog: NewReplicationForm(c, p.PaneID, p.stage, p.who, p.active())})
	}
	return p.ResourceList.Update(c, msg)
}

// active is how many replications of the participant run now.
func (p *ReplicasPane) active() int {
	n := 0
	for _, r := range p.List.Items {
		if r.State == "ACTIVE" {
			n++
		}
	}
	return n
}

// stopDialog asks before stopping a replication: the replica leaves the
// destination stage.
func (p *ReplicasPane) stopDialog(c *kit.Context, pane kit.PaneID, r service.Replica) tea.Cmd {
	dst := kit.QuoteUntrusted(c.StageName(r.DestinationStageARN))
	if r.State != "ACTIVE" {
		return kit.Flash(kit.FlashInfo, "the replication into "+dst+" has stopped already")
	}
	q := fmt.Sprintf("Stop replicating %s (participant %s) into stage %s?", p.whoText(), p.who.ID, dst)
	detail := fmt.Sprintf("The replica leaves %s now: its subscribers there lose this participant's media. The participant stays in %s.",
		dst, kit.QuoteUntrusted(kit.DisplayName(p.stage.Name)))
	client, src, dstARN, id := c.Client, p.stage.ARN, r.DestinationStageARN, p.who.ID
	return kit.ConfirmAction(c, pane, "Stop replication", q, detail, "stopped replicating "+kit.DisplayName(p.who.UserID)+" into "+c.StageName(dstARN), func(ctx context.Context) error {
		return client.StopParticipantReplication(ctx, src, dstARN, id)
	})
}

func (p *ReplicasPane) CurrentStage() (service.Stage, bool) { return p.stage, true }

var replicaColumns = []ui.Column{
	{Title: "INTO STAGE", MinWidth: 12, Flex: 2},
	{Title: "STAGE ID", Width: 12},
	{Title: "ITS SESSION", Width: 16},
	{Title: "STATE", Width: 9},
	{Title: "FROM SESSION", MinWidth: 16, Flex: 1},
}

func replicaCell(c *kit.Context, r service.Replica, col int) string {
	switch col {
	case 0:
		return ui.Sanitize(c.StageName(r.DestinationStageARN))
	case 1:
		return kit.ResourceID(r.DestinationStageARN)
	case 2:
		return r.DestinationSessionID
	case 3:
		return c.Styles.StateBadge(r.State)
	case 4:
		return r.SourceSessionID
	}
	return ""
}

// otherStagePicks lists every stage but the source as pick options.
func otherStagePicks(client *service.Client, source string) func(ctx context.Context) ([]form.PickItem, error) {
	all := stagePicks(client)
	return func(ctx context.Context) ([]form.PickItem, error) {
		items, err := all(ctx)
		out := items[:0]
		for _, it := range items {
			if it.Value != source {
				out = append(out, it)
			}
		}
		return out, err
	}
}

// NewReplicationForm replicates a participant into another stage.
func NewReplicationForm(c *kit.Context, pane kit.PaneID, stage service.Stage, who service.Participant, active int) *kit.FormDialog {
	name := kit.DisplayName(who.UserID)
	dst := form.NewPick("Destination stage", "other stages", "", "",
		"The stage the participant appears in, as a REPLICA publishing the same media (subscribe-only there).", otherStagePicks(c.Client, stage.ARN))
	attrs := form.NewArea("Attributes", "key=value, one per line (optional, 1 KB total)",
		"Added to the participant's own attributes in the destination stage.", service.MaxAttributesBytes, kit.CheckAttributes)
	window := form.NewText("Reconnect window (seconds)", "0", "",
		fmt.Sprintf("0 to %d: how long the replica waits for the participant to reconnect to the source before it leaves; empty: 0.", maxReplicaReconnect),
		3, checkInt("the reconnect window", 0, maxReplicaReconnect, true))
	f := kit.NewForm("Replicate "+name+" into another stage", "Replicate", "Replicating…", pane, dst, attrs, window)
	f.Note = fmt.Sprintf("StartParticipantReplication. Only a participant publishing now can be replicated; %d of at most %d replications run.", active, MaxReplications)
	client := c.Client
	f.Prepare = func() form.Call {
		if active >= MaxReplications {
			f.SetCallErr(fmt.Sprintf("%s is replicated into %d stages already, the most IVS allows: stop one first (ctrl+d)", kit.QuoteUntrusted(name), active))
			return nil
		}
		a, _ := kit.ParseAttributes(attrs.Value())
		req := service.StartReplicationRequest{
			SourceStageARN: stage.ARN, DestinationStageARN: dst.Value(), ParticipantID: who.ID,
			Attributes: a, ReconnectWindowSeconds: intOf(window.Value(), 0),
		}
		label := ""
		if it, ok := dst.Selected(); ok {
			label = it.Label
		}
		return func(ctx context.Context) (string, error) {
			err := client.StartParticipantReplication(ctx, req)
			if err != nil {
				return "", kit.Explain(err, service.Conflict, replicationConflict(name, label))
			}
			return "replicating " + name + " into stage " + label, nil
		}
	}
	return f
}

// replicationConflict says why IVS answers 409 to a replication.
func replicationConflict(who, dst string) string {
	return strings.Join([]string{
		"IVS refused to replicate " + kit.QuoteUntrusted(who) + ":",
		"the participant is not publishing now, or is already in stage " + kit.QuoteUntrusted(dst) + " (replicated or connected there)",
	}, " ")
}

// fetchReplicas reads the replicas of a participant that is a replication
// SOURCE (others have none: no call), for the participant pane's summary.
func (p *participantPane) fetchReplicas(c *kit.Context) tea.Cmd {
	if p.p.ReplicationType != "SOURCE" {
		p.replicas = nil
		return nil
	}
	client, arn, id := c.Client, p.stage.ARN, p.p.ID
	return kit.FetchFor(c, &p.BasePane, "replicas", false, func(ctx context.Context) ([]service.Replica, error) {
		return client.AllParticipantReplicas(ctx, arn, id)
	})
}

// replicasText is "into stage-b, stage-c · 1 stopped".
func replicasText(c *kit.Context, rs []service.Replica) string {
	var into []string
	stopped := 0
	for _, r := range rs {
		if r.State == "ACTIVE" {
			into = append(into, ui.Sanitize(c.StageName(r.DestinationStageARN)))
		} else {
			stopped++
		}
	}
	out := "none active"
	if len(into) > 0 {
		out = "into " + strings.Join(into, ", ")
	}
	if stopped > 0 {
		out += fmt.Sprintf(" · %d stopped", stopped)
	}
	return out
}
