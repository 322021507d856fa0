package model

import (
	"context"
	"slices"

	tea "charm.land/bubbletea/v2"

	"github.com/ivsdash/ivsdash/model/kit"
	"github.com/ivsdash/ivsdash/model/route"
	"github.com/ivsdash/ivsdash/model/watch"
	"github.com/ivsdash/ivsdash/service"
	"github.com/ivsdash/ivsdash/service/metrics"
)

// ConnectFunc builds a client for an AWS profile and region ("" profile:
// the default chain's), for :ctx.
type ConnectFunc func(ctx context.Context, profile, region string) (*service.Client, error)

// contextSwitchedMsg is a connection :ctx asked for, made.
type contextSwitchedMsg struct {
	profile string
	client  *service.Client
	err     error
}

// switchContext connects to the profile and region asked for (either ""
// keeps the current one), off the update loop.
func (a *App) switchContext(m kit.SwitchContextMsg) tea.Cmd {
	if a.connect == nil {
		a.status.flash(kit.FlashInfo, "contexts switch AWS profiles and regions: not with --demo or --endpoint-url", a.ctx.CurrentTime())
		return nil
	}
	profile, region := a.ctx.Profile, m.Region
	if m.Profile != "" {
		profile = m.Profile
	}
	if region == "" && a.ctx.Client != nil && m.Profile == "" {
		region = a.ctx.Client.Region()
	}
	a.status.flash(kit.FlashInfo, "connecting: "+contextName(profile, region)+"…", a.ctx.CurrentTime())
	connect, base := a.connect, a.ctx.Lifetime()
	return func() tea.Msg {
		c, err := connect(base, profile, region)
		return contextSwitchedMsg{profile: profile, client: c, err: err}
	}
}

func contextName(profile, region string) string {
	name := "profile " + kit.OrDefault(profile, "default")
	if region != "" {
		name += " · " + region
	}
	return name
}

// contextSwitched puts the new client in place and rebuilds the panes from
// their root, keeping the kind of pane shown under :ctx (a stage's
// sessions in another region do not exist: their root, the stages, does).
func (a *App) contextSwitched(m contextSwitchedMsg) tea.Cmd {
	if m.err != nil {
		a.status.flash(kit.FlashError, "could not switch: "+kit.ErrorSentence(m.err), a.ctx.CurrentTime())
		return nil
	}
	kind := "stages"
	for _, p := range slices.Backward(a.stack) {
		if _, ok := route.Jump(p.Kind()); ok {
			kind = p.Kind()
			break
		}
	}
	c := a.ctx
	c.Client, c.Profile = m.client, m.profile
	if a.readOnly != nil {
		c.ReadOnly = a.readOnly(m.profile)
	}
	c.Mode = contextName(m.profile, m.client.Region())
	if c.Metrics != nil {
		c.Metrics = metrics.New(m.client)
	}
	c.MetricsDenied = false
	c.StageNames, c.ConfigNames, c.ParticipantDetails = map[string]string{}, map[string]string{}, map[string]service.Participant{}
	c.Watch = watch.New(c.ErrorWindow, c.Interval)
	p := a.rootPane(kind)
	a.stack = []kit.Pane{p}
	a.status.flash(kit.FlashSuccess, "switched to "+c.Mode, c.CurrentTime())
	return tea.Batch(p.Init(c), a.restartPolling(), a.watchSync(), a.switchFeed(m.profile, m.client))
}
