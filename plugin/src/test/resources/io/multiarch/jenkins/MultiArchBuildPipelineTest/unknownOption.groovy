// A misspelt option is an error, not silently ignored.
multiArchBuild(image: 'registry.example.com/team/app', platfroms: ['linux/amd64'])
