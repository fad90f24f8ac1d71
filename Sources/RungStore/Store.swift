import GRDB
import RungCore
