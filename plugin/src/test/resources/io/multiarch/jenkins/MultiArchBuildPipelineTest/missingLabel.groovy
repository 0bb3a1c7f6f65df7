// No label for linux/s390x and no emulation label: fails before anything is queued, naming the fix.
multiArchBuild image: 'registry.example.com/team/app', tags: ['1.0'],
        platforms: ['linux/amd64', 'linux/s390x'],
        labels: [amd64: 'amd64']
