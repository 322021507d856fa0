package model

import (
	"context"
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/ivsdash/ivsdash/keymap"
	"github.com/ivsdash/ivsdash/model/form"
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
	maxReplications     = ivs.MaxReplicationsPerParticipant
)

type replicasPane struct {
	*resourceList[service.Replica]
	stage   service.Stage // the source
	session service.Session
	who     service.Participant
}

// newReplicasPane lists the replicas of a participant.
func newReplicasPane(c *Context, stage service.Stage, session service.Session, who service.Participant) *replicasPane {
	p := &replicasPane{stage: stage, session: session, who: who}
	p.resourceList = newResourceList(c, &listSpec[service.Replica]{
		kind:     keymap.PaneReplicas,
		openHelp: "destination stage's sessions", createHelp: "replicate to a stage", removeHelp: "stop replication",
		crumb:   "replicas",
		title:   "Replicas of " + ui.Sanitize(displayName(who.UserID)) + " (" + who.ID + ")",
		noun:    "replicas",
		columns: replicaColumns,
		cell:    replicaCell,
		id:      func(r service.Replica) string { return r.DestinationStageARN + "/" + r.DestinationSessionID },
		text: func(r service.Replica) string {
			return c.stageName(r.DestinationStageARN) + " " + r.DestinationStageARN + " " + r.DestinationSessionID + " " + r.State
		},
		fetchKind: "replicas",
		load: func(c *Context) func(ctx context.Context) ([]service.Replica, error) {
			client, arn, id := c.Client, stage.ARN, who.ID
			return func(ctx context.Context) ([]service.Replica, error) {
				return client.AllParticipantReplicas(ctx, arn, id)
			}
		},
		summary: func(c *Context, items []service.Replica) string {
			return fmt.Sprintf("%d active of at most %d · %d in all", p.active(), maxReplications, len(items))
		},
		copy: func(r service.Replica) (string, string) { return r.DestinationStageARN, "destination stage ARN" },
		open: func(c *Context, r service.Replica) route.Route {
			return route.Sessions{Stage: service.Stage{ARN: r.DestinationStageARN, ID: resourceID(r.DestinationStageARN), Name: c.stageNames[r.DestinationStageARN]}}
		},
		enterOnly:     true,
		remove:        p.stopDialog,
		empty:         "not replicated: c replicates this participant into another stage",
		emptyReadOnly: "not replicated into any stage",
	})
	return p
}

func (p *replicasPane) whoText() string { return quoteUntrusted(displayName(p.who.UserID)) }

// Update adds c, which checks the participant can be replicated, to the
// kit's keys.
func (p *replicasPane) Update(c *Context, msg tea.Msg) tea.Cmd {
	if msg, ok := msg.(tea.KeyPressMsg); ok && key.Matches(msg, c.Keys.Create) {
		if !p.who.Connected() {
			return flash(flashInfo, p.whoText()+" has left the stage: only a connected participant who publishes can be replicated")
		}
		return send(openDialogMsg{newReplicationForm(c, p.id, p.stage, p.who, p.active())})
	}
	return p.resourceList.Update(c, msg)
}

// active is how many replications of the participant run now.
func (p *replicasPane) active() int {
	n := 0
	for _, r := range p.list.items {
		if r.State == "ACTIVE" {
			n++
		}
	}
	return n
}

// stopDialog asks before stopping a replication: the replica leaves the
// destination stage.
func (p *replicasPane) stopDialog(c *Context, pane paneID, r service.Replica) tea.Cmd {
	dst := quoteUntrusted(c.stageName(r.DestinationStageARN))
	if r.State != "ACTIVE" {
		return flash(flashInfo, "the replication into "+dst+" has stopped already")
	}
	q := fmt.Sprintf("Stop replicating %s (participant %s) into stage %s?", p.whoText(), p.who.ID, dst)
	detail := fmt.Sprintf("The replica leaves %s now: its subscribers there lose this participant's media. The participant stays in %s.",
		dst, quoteUntrusted(displayName(p.stage.Name)))
	client, src, dstARN, id := c.Client, p.stage.ARN, r.DestinationStageARN, p.who.ID
	return send(openDialogMsg{newConfirm("Stop replication", q, detail, false, func(string) tea.Cmd {
		return action(c, pane, "stopped replicating "+displayName(p.who.UserID)+" into "+c.stageName(dstARN), func(ctx context.Context) error {
			return client.StopParticipantReplication(ctx, src, dstARN, id)
		})
	})})
}

func (p *replicasPane) CurrentStage() (service.Stage, bool) { return p.stage, true }

var replicaColumns = []ui.Column{
	{Title: "INTO STAGE", MinWidth: 12, Flex: 2},
	{Title: "STAGE ID", Width: 12},
	{Title: "ITS SESSION", Width: 16},
	{Title: "STATE", Width: 9},
	{Title: "FROM SESSION", MinWidth: 16, Flex: 1},
}

func replicaCell(c *Context, r service.Replica, col int) string {
	switch col {
	case 0:
		return ui.Sanitize(c.stageName(r.DestinationStageARN))
	case 1:
		return resourceID(r.DestinationStageARN)
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

// newReplicationForm replicates a participant into another stage.
func newReplicationForm(c *Context, pane paneID, stage service.Stage, who service.Participant, active int) *formDialog {
	name := displayName(who.UserID)
	dst := form.NewPick("Destination stage", "other stages", "", "",
		"The stage the participant appears in, as a REPLICA publishing the same media (subscribe-only there).", otherStagePicks(c.Client, stage.ARN))
	attrs := form.NewArea("Attributes", "key=value, one per line (optional, 1 KB total)",
		"Added to the participant's own attributes in the destination stage.", service.MaxAttributesBytes, checkAttributes)
	window := form.NewText("Reconnect window (seconds)", "0", "",
		fmt.Sprintf("0 to %d: how long the replica waits for the participant to reconnect to the source before it leaves; empty: 0.", maxReplicaReconnect),
		3, checkInt("the reconnect window", 0, maxReplicaReconnect, true))
	f := newForm("Replicate "+name+" into another stage", "Replicate", "Replicating…", pane, dst, attrs, window)
	f.Note = fmt.Sprintf("StartParticipantReplication. Only a participant publishing now can be replicated; %d of at most %d replications run.", active, maxReplications)
	client := c.Client
	f.Prepare = func() form.Call {
		if active >= maxReplications {
			f.SetCallErr(fmt.Sprintf("%s is replicated into %d stages already, the most IVS allows: stop one first (ctrl+d)", quoteUntrusted(name), active))
			return nil
		}
		a, _ := parseAttributes(attrs.Value())
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
				return "", explain(err, service.Conflict, replicationConflict(name, label))
			}
			return "replicating " + name + " into stage " + label, nil
		}
	}
	return f
}

// replicationConflict says why IVS answers 409 to a replication.
func replicationConflict(who, dst string) string {
	return strings.Join([]string{
		"IVS refused to replicate " + quoteUntrusted(who) + ":",
		"the participant is not publishing now, or is already in stage " + quoteUntrusted(dst) + " (replicated or connected there)",
	}, " ")
}

// fetchReplicas reads the replicas of a participant that is a replication
// SOURCE (others have none: no call), for the participant pane's summary.
func (p *participantPane) fetchReplicas(c *Context) tea.Cmd {
	if p.p.ReplicationType != "SOURCE" {
		p.replicas = nil
		return nil
	}
	client, arn, id := c.Client, p.stage.ARN, p.p.ID
	return fetchFor(c, &p.basePane, "replicas", false, func(ctx context.Context) ([]service.Replica, error) {
		return client.AllParticipantReplicas(ctx, arn, id)
	})
}

// replicasText is "into stage-b, stage-c · 1 stopped".
func replicasText(c *Context, rs []service.Replica) string {
	var into []string
	stopped := 0
	for _, r := range rs {
		if r.State == "ACTIVE" {
			into = append(into, ui.Sanitize(c.stageName(r.DestinationStageARN)))
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
