// multiArchBuild is callable directly inside Declarative steps {} (a global variable with call(Map)).
pipeline {
    agent none
    stages {
        stage('Image') {
            steps {
                multiArchBuild(image: 'registry.example.com/team/app', tags: ['1.0'],
                        platforms: ['linux/amd64', 'linux/s390x'], labels: [amd64: 'amd64'])
            }
        }
    }
}
