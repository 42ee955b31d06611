// Alerts and the availability test: someone hears of it when the bot fails (HTTP 5xx), when a report did not
// reach its channel (undelivered), when the outbox stops moving (a channel post waits too long), and when
// /healthz stops answering from outside. The custom metrics come from bot/telemetry/metricInstruments.ts
// (names signaalbot.*); Azure Monitor OpenTelemetry writes them to the customMetrics table.

param location string
param tags object

@description('Name of the workspace-based Application Insights resource the bot sends telemetry to.')
param appInsightsName string

@description('Name of the App Service that runs the bot.')
param siteName string

@description('Host name of the App Service (the availability test calls https://<host>/healthz).')
param siteHostName string

@description('E-mail addresses that receive the alerts. Empty: the alerts fire in the portal only.')
param alertEmails array

@description('HTTP 5xx answers in 5 minutes above which the bot counts as failing.')
@minValue(1)
param http5xxThreshold int

@description('Minutes a channel post may wait in the outbox before the alert fires.')
@minValue(5)
param outboxAgeMinutes int

resource appInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: appInsightsName
}

resource site 'Microsoft.Web/sites@2023-12-01' existing = {
  name: siteName
}

resource actionGroup 'Microsoft.Insights/actionGroups@2023-01-01' = {
  name: 'ag-${siteName}'
  location: 'global'
  tags: tags
  properties: {
    groupShortName: 'signaalbot'
    enabled: true
    emailReceivers: [for (email, i) in alertEmails: {
      name: 'beheer-${i}'
      emailAddress: email
      useCommonAlertSchema: true
    }]
  }
}

resource http5xx 'Microsoft.Insights/metricAlerts@2018-03-01' = {
  name: 'alert-${siteName}-http5xx'
  location: 'global'
  tags: tags
  properties: {
    description: 'De bot antwoordt met serverfouten (HTTP 5xx): berichten uit Teams worden mogelijk niet verwerkt.'
    severity: 1
    enabled: true
    scopes: [
      site.id
    ]
    evaluationFrequency: 'PT1M'
    windowSize: 'PT5M'
    criteria: {
      'odata.type': 'Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria'
      allOf: [
        {
          criterionType: 'StaticThresholdCriterion'
          name: 'http5xx'
          metricNamespace: 'Microsoft.Web/sites'
          metricName: 'Http5xx'
          operator: 'GreaterThan'
          threshold: http5xxThreshold
          timeAggregation: 'Total'
        }
      ]
    }
    actions: [
      {
        actionGroupId: actionGroup.id
      }
    ]
  }
}

resource undelivered 'Microsoft.Insights/scheduledQueryRules@2023-03-15-preview' = {
  name: 'alert-${siteName}-undelivered'
  location: location
  tags: tags
  properties: {
    displayName: 'Melding niet bezorgd'
    description: 'Een melding heeft geen kanaal bereikt (niet bezorgd). De beheerders krijgen ook een 1-op-1-bericht; zie infra/README.md, "niet bezorgd".'
    severity: 1
    enabled: true
    scopes: [
      appInsights.id
    ]
    evaluationFrequency: 'PT5M'
    windowSize: 'PT15M'
    criteria: {
      allOf: [
        {
          query: 'customMetrics | where name == "signaalbot.reports.undelivered" | summarize undelivered = sum(valueSum)'
          timeAggregation: 'Total'
          metricMeasureColumn: 'undelivered'
          operator: 'GreaterThan'
          threshold: 0
          failingPeriods: {
            numberOfEvaluationPeriods: 1
            minFailingPeriodsToAlert: 1
          }
        }
      ]
    }
    actions: {
      actionGroups: [
        actionGroup.id
      ]
    }
  }
}

resource outboxAge 'Microsoft.Insights/scheduledQueryRules@2023-03-15-preview' = {
  name: 'alert-${siteName}-outbox-age'
  location: location
  tags: tags
  properties: {
    displayName: 'Outbox staat stil'
    description: 'Een melding wacht langer dan ${outboxAgeMinutes} minuten op haar post in het kanaal (Teams onbereikbaar, throttling of de bot staat stil).'
    severity: 2
    enabled: true
    scopes: [
      appInsights.id
    ]
    evaluationFrequency: 'PT5M'
    windowSize: 'PT15M'
    criteria: {
      allOf: [
        {
          query: 'customMetrics | where name == "signaalbot.outbox.oldest_pending_age" | summarize oldestSeconds = max(valueMax)'
          timeAggregation: 'Maximum'
          metricMeasureColumn: 'oldestSeconds'
          operator: 'GreaterThan'
          threshold: outboxAgeMinutes * 60
          failingPeriods: {
            numberOfEvaluationPeriods: 1
            minFailingPeriodsToAlert: 1
          }
        }
      ]
    }
    actions: {
      actionGroups: [
        actionGroup.id
      ]
    }
  }
}

// A standard availability test: GET https://<host>/healthz from five European locations every 5 minutes.
// restrictInbound lets the ApplicationInsightsAvailability service tag in (appService.bicep).
resource healthTest 'Microsoft.Insights/webtests@2022-06-15' = {
  name: 'webtest-${siteName}-healthz'
  location: location
  tags: union(tags, {
    'hidden-link:${appInsights.id}': 'Resource'
  })
  kind: 'standard'
  properties: {
    SyntheticMonitorId: 'webtest-${siteName}-healthz'
    Name: 'Signaalbot /healthz'
    Description: 'De bot antwoordt op /healthz'
    Enabled: true
    Frequency: 300
    Timeout: 30
    Kind: 'standard'
    RetryEnabled: true
    Locations: [
      {
        Id: 'emea-nl-ams-azr'
      }
      {
        Id: 'emea-gb-db3-azr'
      }
      {
        Id: 'emea-fr-pra-edge'
      }
      {
        Id: 'emea-se-sto-edge'
      }
      {
        Id: 'emea-ru-msa-edge'
      }
    ]
    Request: {
      RequestUrl: 'https://${siteHostName}/healthz'
      HttpVerb: 'GET'
      ParseDependentRequests: false
    }
    ValidationRules: {
      ExpectedHttpStatusCode: 200
      SSLCheck: true
      SSLCertRemainingLifetimeCheck: 7
    }
  }
}

resource healthAlert 'Microsoft.Insights/metricAlerts@2018-03-01' = {
  name: 'alert-${siteName}-healthz'
  location: 'global'
  tags: union(tags, {
    'hidden-link:${appInsights.id}': 'Resource'
    'hidden-link:${healthTest.id}': 'Resource'
  })
  properties: {
    description: '/healthz antwoordt niet vanaf twee of meer locaties.'
    severity: 1
    enabled: true
    scopes: [
      healthTest.id
      appInsights.id
    ]
    evaluationFrequency: 'PT1M'
    windowSize: 'PT5M'
    criteria: {
      'odata.type': 'Microsoft.Azure.Monitor.WebtestLocationAvailabilityCriteria'
      webTestId: healthTest.id
      componentId: appInsights.id
      failedLocationCount: 2
    }
    actions: [
      {
        actionGroupId: actionGroup.id
      }
    ]
  }
}

output actionGroupId string = actionGroup.id
output availabilityTestId string = healthTest.id
