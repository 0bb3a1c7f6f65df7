// Outside node {} each agent would have to check the context out itself, which needs a Pipeline from SCM.
multiArchBuild image: 'registry.example.com/team/app', platforms: ['linux/amd64'], labels: [amd64: 'amd64']
